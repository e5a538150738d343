/**
 * Text typed on the wrong keyboard layout, read as typed on the other one: a phone left on the
 * English layout types "Fkvfns" for "Алматы", one left on Russian "Фдьфен" for "Almaty". The
 * Latin (QWERTY) and Russian (ЙЦУКЕН) layouts, key for key, the shifted keys too.
 */

/** The same keys: on QWERTY, and on ЙЦУКЕН (where [ ] ; ' , . ` and their shifted keys are letters). */
const QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~";
const JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ";

const TO_CYRILLIC = new Map([...QWERTY].map((c, i) => [c, JCUKEN[i]!]));
const TO_LATIN = new Map([...JCUKEN].map((c, i) => [c, QWERTY[i]!]));

/**
 * `text` as the same keys give on the other layout, word by word: a word with a Latin letter is
 * read on ЙЦУКЕН ("cji" → "сош", "j,k" → "обл", "{hjvnfe" → "Хромтау"), a word with a Cyrillic one
 * on QWERTY ("Фдьфен" → "Almaty"). Digits (a school's number) and spaces are kept, and so are the
 * signs of a word without a letter ("25," stays: a comma after a number, not a б); a Kazakh
 * letter, which is on neither layout, is kept too. Capitals stay capitals.
 */
export function otherLayout(text: string): string {
  return text.replace(/\S+/g, (word) => {
    const keys = /[A-Za-z]/.test(word) ? TO_CYRILLIC : /[а-яё]/i.test(word) ? TO_LATIN : undefined;
    return keys ? [...word].map((c) => keys.get(c) ?? c).join("") : word;
  });
}
