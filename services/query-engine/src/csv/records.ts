// A small, plain RFC 4180 record reader over a decoded string: for the header and the inference sample
// only (a few KB). The data itself goes through parse.ts, which never makes strings for numbers.

/** Records of `text`; the last one is dropped when `complete` is false (it may be cut off). */
export function readRecords(
  text: string,
  delimiter: string,
  quote: string,
  maxRecords: number,
  complete: boolean,
): { records: string[][]; consumed: number; quoted: boolean[][] } {
  const records: string[][] = [];
  const quoted: boolean[][] = [];
  let i = 0;
  let lastEnd = 0;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const rec: string[] = [];
    const q: boolean[] = [];
    for (;;) {
      let field = '';
      let wasQuoted = false;
      if (text[i] === quote) {
        wasQuoted = true;
        i++;
        for (;;) {
          if (i >= n) return { records, consumed: lastEnd, quoted };
          const ch = text[i]!;
          if (ch === quote) {
            if (text[i + 1] === quote) {
              field += quote;
              i += 2;
            } else {
              i++;
              break;
            }
          } else {
            field += ch;
            i++;
          }
        }
      }
      while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      rec.push(field);
      q.push(wasQuoted);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (i >= n && !complete) break;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    records.push(rec);
    quoted.push(q);
    lastEnd = i;
  }
  return { records, consumed: lastEnd, quoted };
}
