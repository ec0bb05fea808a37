/* Search results by relevance (book/_ext/korean_search.py): Sphinx's scores (a title match 15, a body match
   5), plus, for each query word, 4 × ln(1 + how often the page uses it). Without this, every page that
   contains the words scores the same and Sphinx orders them by title. */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: (result) => {
    const [docname, , , , score] = result;
    const frequencies = window.SEARCH_FREQUENCIES;
    const query = new URLSearchParams(window.location.search).get("q");
    if (!frequencies || !query) return score;
    const stemmer = new Stemmer();
    let bonus = 0;
    for (const word of splitQuery(query.toLowerCase())) {
      const counts = frequencies[stemmer.stemWord(word)];
      if (counts && counts[docname]) bonus += Math.log(1 + counts[docname]);
    }
    return score + 4 * bonus;
  },
};
