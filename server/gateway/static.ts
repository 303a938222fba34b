import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import {
  compressBuffer,
  COMPRESS_MIN_BYTES,
  type Encoding,
  isCompressible,
  negotiateEncoding,
} from './compress.ts';
import { jsonError } from './json-error.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite content-hashes everything under assets/, so a URL there never changes meaning. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html and un-hashed files must be revalidated so a deploy is picked up at once. */
export const REVALIDATE_CACHE = 'no-cache';

interface FileEntry {
  path: string;
  size: number;
  mtimeMs: number;
  etag: string;
}

interface Variant {
  key: string;
  data: Buffer;
}

/**
 * Serves the built SPA: files from `distDir`, index.html for client routes. Compressed variants
 * are made once per file version and kept in memory (a dist is a few MB at most).
 */
export function createStaticHandler(distDir: string) {
  const root = resolve(distDir);
  const variants = new Map<string, Variant>();

  const lookup = async (relative: string): Promise<FileEntry | null> => {
    const path = resolve(root, `.${relative}`);
    if (path !== root && !path.startsWith(root + sep)) return null;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      return {
        path,
        size: info.size,
        mtimeMs: info.mtimeMs,
        etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      };
    } catch {
      return null;
    }
  };

  const body = async (file: FileEntry, encoding: Encoding | null): Promise<Buffer> => {
    const key = `${file.path}|${file.etag}|${encoding ?? 'identity'}`;
    const cached = variants.get(key);
    if (cached) return cached.data;
    const raw = await readFile(file.path);
    const data = encoding ? await compressBuffer(raw, encoding, 'best') : raw;
    for (const [other, variant] of variants) {
      if (other.startsWith(`${file.path}|`) && !other.startsWith(`${file.path}|${file.etag}|`))
        variants.delete(variant.key);
    }
    variants.set(key, { key, data });
    return data;
  };

  const send = async (c: Context, file: FileEntry, cacheControl: string): Promise<Response> => {
    const contentType =
      CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    const headers = new Headers({
      'content-type': contentType,
      'cache-control': cacheControl,
      etag: file.etag,
    });
    const compressible = isCompressible(contentType) && file.size >= COMPRESS_MIN_BYTES;
    if (compressible) headers.set('vary', 'Accept-Encoding');
    if (c.req.header('if-none-match') === file.etag)
      return new Response(null, { status: 304, headers });
    const encoding = compressible ? negotiateEncoding(c.req.header('accept-encoding')) : null;
    if (encoding) headers.set('content-encoding', encoding);
    const data = await body(file, encoding);
    headers.set('content-length', String(data.byteLength));
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(data), {
      status: 200,
      headers,
    });
  };

  return async (c: Context): Promise<Response> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return jsonError(400, 'bad_path', 'Malformed path');
    }
    if (pathname.includes('\0')) return jsonError(400, 'bad_path', 'Malformed path');

    if (pathname !== '/' && !pathname.endsWith('/')) {
      const file = await lookup(pathname);
      if (file) {
        const cache = pathname.startsWith('/assets/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
        return send(c, file, cache);
      }
      // A missing hashed asset is a stale tab after a deploy; index.html in its place breaks worse.
      if (pathname.startsWith('/assets/')) return jsonError(404, 'not_found', 'No such asset');
    }

    const wantsHtml = (c.req.header('accept') ?? '').includes('text/html') || pathname === '/';
    if (!wantsHtml) return jsonError(404, 'not_found', 'Not found');
    const index = await lookup('/index.html');
    if (!index) return notBuilt();
    return send(c, index, REVALIDATE_CACHE);
  };
}

function notBuilt(): Response {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tasks Console</title></head>' +
    '<body><h1>The console is not built yet</h1><p>Run <code>npm run build:spa</code>, or start it with <code>npm start</code>.</p></body></html>';
  return new Response(html, {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}
