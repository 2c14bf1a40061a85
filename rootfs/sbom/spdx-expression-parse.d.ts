/** The one function of spdx-expression-parse (it ships no types): throws on text that is not an SPDX expression. */
declare module 'spdx-expression-parse' {
  const parse: (expression: string) => unknown;
  export default parse;
}
