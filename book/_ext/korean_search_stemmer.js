/* The Korean edition's query stemmer (book/_ext/korean_search.py, whose stem() the index uses): a word
   without one trailing particle, when at least MIN_STEM letters remain. The particle list is filled in from
   the Python module when the search page's language_data.js is written. */
const KOREAN_PARTICLES = /*PARTICLES*/[];
const KOREAN_MIN_STEM = /*MIN_STEM*/2;

class Stemmer {
  stemWord(word) {
    word = word.toLowerCase();
    if (/[\uac00-\ud7a3]$/.test(word)) {
      for (const particle of KOREAN_PARTICLES) {
        if (word.endsWith(particle) && word.length - particle.length >= KOREAN_MIN_STEM) {
          return word.slice(0, word.length - particle.length);
        }
      }
    }
    return word;
  }
}
