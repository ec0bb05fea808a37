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

/* The snippet under each result (Sphinx's Search.makeSearchSummary, which this file follows in
   language_data.js): it is cut around the first place the page uses a query word. Two changes, so that it shows
   the page's own prose: the article header (the language switch and buttons, the first text of every page)
   is left out, and a Hangul query word typed without a space (손실함수) is also looked for with one (손실 함수). */
if (typeof Search !== "undefined") {
  const pageText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article").forEach((header) => header.remove());
    return pageText(page.documentElement.outerHTML, anchor);
  };
  const summary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const spaced = [...keywords].flatMap((word) =>
      /^[\uac00-\ud7a3]{4,}$/.test(word)
        ? [...Array(word.length - 3).keys()].map((i) => word.slice(0, i + 2) + " " + word.slice(i + 2))
        : []);
    // makeSearchSummary starts at the last word it finds: the spaced forms go first, the typed ones last
    return summary(htmlText, new Set([...spaced, ...keywords]), anchor);
  };
}
