/* Search results by relevance (book/_ext/korean_search.py): Sphinx's scores (a title match 15, a body match
   5), plus, for each query word, 4 × ln(1 + how often the page uses it), and for two adjacent words written
   as one term (손실 함수 → 손실함수, which the index holds for every spelling of a listed term), 8 × ln(1 + how
   often the page uses that term). Without this, every page that contains the words scores the same and
   Sphinx orders them by title. */
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
    const uses = (word) => Math.log(1 + ((frequencies[stemmer.stemWord(word)] || {})[docname] || 0));
    const words = splitQuery(query.toLowerCase());
    let bonus = 0;
    words.forEach((word, i) => {
      bonus += 4 * uses(word);
      if (i + 1 < words.length) bonus += 8 * uses(word + words[i + 1]);
    });
    return score + bonus;
  },
};
