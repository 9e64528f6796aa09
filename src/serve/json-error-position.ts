/**
 * Where JSON text stops being valid. V8's `JSON.parse` names the position for
 * some errors and not for others (`Unexpected token '}', "{"a": }" is not
 * valid JSON`), so the service finds it itself: a scanner for the JSON grammar
 * (RFC 8259) with an explicit stack, so deep nesting cannot overflow it.
 * @param text - text that `JSON.parse` refused
 * @returns the 0-based offset of the first character that cannot continue a
 * valid document (text.length when the text ends too early), what is there,
 * and its 1-based line and column
 * @example
 * jsonErrorPosition('{"lead": }') // { position: 9, line: 1, column: 10, found: '"}"' }
 */
export function jsonErrorPosition(text: string): { position: number; line: number; column: number; found: string } {
  let i = 0;
  const digit = () => i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (digit()) while (digit()) i++;
    else return false;
    if (text[i] === '.') { i++; if (!digit()) return false; while (digit()) i++; }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!digit()) return false;
      while (digit()) i++;
    }
    return true;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) { i++; return true; }
      if (c < 32) return false; // a raw control character (a line break) inside a string
      if (c !== 92) { i++; continue; }
      i++; // the backslash
      if (text[i] === 'u') {
        i++;
        for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) return false;
      } else if (i < text.length && '"\\/bfnrt'.includes(text[i])) i++;
      else return false;
    }
    return false;
  };
  const word = (w: string): boolean => {
    for (let k = 0; k < w.length; k++, i++) if (text[i] !== w[k]) return false;
    return true;
  };
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') return string();
    if (c === 't') return word('true');
    if (c === 'f') return word('false');
    if (c === 'n') return word('null');
    return number();
  };
  /** `"name" :` of an object member. */
  const key = (): boolean => {
    ws();
    if (text[i] !== '"' || !string()) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  const stack: string[] = []; // the closing bracket of each open container
  const scan = (): void => {
    for (;;) {
      ws(); // a value is expected here
      if (text[i] === '{' || text[i] === '[') {
        const close = text[i] === '{' ? '}' : ']';
        i++;
        ws();
        if (text[i] === close) i++;
        else {
          stack.push(close);
          if (close === '}' && !key()) return;
          continue;
        }
      } else if (!scalar()) return;
      for (;;) { // after a value: close containers, or go on to the next member
        ws();
        const close = stack[stack.length - 1];
        if (close === undefined) return; // the document is complete; anything here is extra
        if (text[i] === close) { i++; stack.pop(); continue; }
        if (text[i] !== ',') return;
        i++;
        if (close === '}' && !key()) return;
        break;
      }
    }
  };
  scan();
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return {
    position: i, line, column: i - (before.lastIndexOf('\n') + 1) + 1,
    found: i >= text.length ? 'end of body' : JSON.stringify(text[i]),
  };
}
