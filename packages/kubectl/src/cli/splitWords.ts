/**
 * Splits a command line into words as a POSIX shell would for the simple cases tests and
 * notebooks write (`get pods -o jsonpath='{.items[*].metadata.name}'`): blanks separate words,
 * single quotes keep everything literally, double quotes keep everything but `\"` and `\\`
 * escapes, a backslash outside quotes escapes the next character. No expansions are done.
 * Returns an error message for an unterminated quote.
 */
export function splitWords(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unterminated single quote" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && (line[j + 1] === '"' || line[j + 1] === "\\")) j++;
        word += line[j];
      }
      if (j >= line.length) return { ok: false, error: "unterminated double quote" };
      inWord = true;
      i = j;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
