/** First 8 characters of a UUID-like id: enough to tell rows apart, short enough for a column. */
export function shortId(id: string, length = 8): string {
  return id.length <= length + 1 ? id : `${id.slice(0, length)}…`;
}
