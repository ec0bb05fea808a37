/* Search results by relevance (book/_ext/korean_search.py). Sphinx gives a page 15 for a title match and 5
   for a body match, and orders equal scores by title. To that, for each query word w (stemmed, particles off):
   - 10 if the page's title holds w (spaces ignored: 경사하강법 is in "경사 하강법");
   - on a numbered chapter, 4 × ln(1 + n), n the number of times the page uses w, alone or inside another word;
   and for two adjacent words written as one (손실 함수 → 손실함수) the same again, doubled. Reference pages (the
   glossary mentions every term) get the title bonus only, so the chapter that teaches a term comes first. */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  _query: null,
  _words: [],
  // the query's words and phrases, each with its weight and the indexed words that contain it
  _prepare: (query) => {
    const stemmer = new Stemmer();
    const words = splitQuery(query.toLowerCase());
    const terms = words.map((w) => [stemmer.stemWord(w), 1]);
    for (let i = 0; i + 1 < words.length; i++) terms.push([stemmer.stemWord(words[i] + words[i + 1]), 2]);
    const indexed = Object.keys(window.SEARCH_FREQUENCIES);
    Scorer._words = terms.map(([term, weight]) => [term, weight, indexed.filter((k) => k.includes(term))]);
    Scorer._query = query;
  },
  score: (result) => {
    const [docname, title, , , score] = result;
    const query = new URLSearchParams(window.location.search).get("q");
    if (!window.SEARCH_FREQUENCIES || !query) return score;
    if (Scorer._query !== query) Scorer._prepare(query);
    const chapter = window.SEARCH_CHAPTERS.includes(docname);
    const compactTitle = title.toLowerCase().replace(/\s+/g, "");
    let bonus = 0;
    for (const [term, weight, containing] of Scorer._words) {
      if (compactTitle.includes(term)) bonus += 10 * weight;
      if (!chapter) continue;
      const uses = containing.reduce((n, k) => n + (window.SEARCH_FREQUENCIES[k][docname] || 0), 0);
      bonus += 4 * weight * Math.log(1 + uses);
    }
    return score + bonus;
  },
};
