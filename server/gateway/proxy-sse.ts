import type { HttpBindings } from '@hono/node-server';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { GatewayConfig, GatewayLog } from './config.ts';
import { taskEventsUrl } from './derive-upstream.ts';
import { isJsonContentType, jsonError } from './json-error.ts';
import { redactJsonText, scrubSecret } from './redact-secrets.ts';
import { createSseRedactor } from './sse-redactor.ts';
import {
  errorCode,
  openUpstream,
  readLimited,
  UpstreamAbortedError,
  UpstreamTimeoutError,
} from './upstream-request.ts';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform asks intermediaries not to compress or rebuffer the stream.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** GET /api/agent-execution/:taskId/events → `{eventsHost}/{org}/agent-execution/{id}/events`. */
export function createSseProxy(config: GatewayConfig, log: GatewayLog) {
  return async (c: Context): Promise<Response> => {
    // Hono answers HEAD by running the GET handler and dropping the body unread, which would
    // leave the upstream stream open with nobody to cancel it.
    if (c.req.method === 'HEAD')
      return jsonError(405, 'method_not_allowed', 'Use GET for event streams');
    const taskId = c.req.param('taskId') ?? '';
    if (!taskId || taskId === '.' || taskId === '..')
      return jsonError(400, 'bad_path', 'Invalid task id');
    const apiKey = config.apiKey;
    if (!apiKey) return jsonError(503, 'not_configured', 'The gateway has no XPANDER_API_KEY');

    const headers: Record<string, string> = {
      'x-api-key': apiKey,
      accept: 'text/event-stream',
      'cache-control': 'no-store',
    };
    const lastEventId = c.req.header('last-event-id');
    if (lastEventId) headers['last-event-id'] = lastEventId;

    const clientSignal = c.req.raw.signal;
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    let opened;
    try {
      opened = await openUpstream(
        taskEventsUrl(config.eventsHost, config.organizationId, taskId),
        headers,
        {
          timeoutMs: config.upstreamTimeoutMs,
          signal: clientSignal,
        },
      );
    } catch (error) {
      if (error instanceof UpstreamAbortedError) return new Response(null, { status: 204 });
      if (error instanceof UpstreamTimeoutError) {
        return jsonError(504, 'upstream_timeout', 'The events upstream did not answer in time');
      }
      log(`events upstream unreachable: ${errorCode(error)}`);
      return jsonError(502, 'upstream_unreachable', 'Cannot reach the events upstream');
    }
    const { request, response } = opened;
    const status = response.statusCode ?? 502;
    const contentType = response.headers['content-type'] ?? '';

    if (status !== 200 || !contentType.toLowerCase().startsWith('text/event-stream')) {
      return relayNonSse(config, request, response, status, contentType);
    }

    const redactor = createSseRedactor({
      secret: apiKey,
      maxEventBytes: config.maxUpstreamBodyBytes,
    });
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let keepAlive: ReturnType<typeof setTimeout> | undefined;
    let stall: ReturnType<typeof setTimeout> | undefined;
    let paused = false;
    let closed = false;
    const release = (): void => {
      if (closed) return;
      closed = true;
      clearTimeout(keepAlive);
      clearTimeout(stall);
      clientSignal.removeEventListener('abort', release);
      request.destroy();
    };

    let resumeWatch = (): void => {};
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          const send = (text: string): void => {
            if (closed || !text) return;
            controller.enqueue(encoder.encode(text));
            arm();
            if ((controller.desiredSize ?? 1) <= 0) {
              // Silence from an upstream we paused ourselves is not a stall.
              paused = true;
              clearTimeout(stall);
              stall = undefined;
              response.pause();
            }
          };
          const arm = (): void => {
            clearTimeout(keepAlive);
            keepAlive = setTimeout(() => send(': keep-alive\n'), config.sseKeepAliveMs);
          };
          // Our keep-alives keep the browser's connection warm, but they would also hide an
          // upstream that went silent (platform keep-alives stopped: a dead peer or a wedged
          // proxy). No upstream byte for sseStallMs breaks the stream off, so the browser
          // reconnects and re-syncs instead of waiting forever.
          const watchUpstream = (): void => {
            if (closed || paused || config.sseStallMs <= 0) return;
            if (stall) stall.refresh();
            else
              stall = setTimeout(
                () => fail(`no bytes from upstream for ${config.sseStallMs} ms`),
                config.sseStallMs,
              );
          };
          const fail = (reason: string): void => {
            if (closed) return;
            log(`event stream for ${taskId} ended abruptly: ${reason}`);
            release();
            // Mirror the upstream's abrupt end, so the client sees a broken stream, not a clean
            // one. Destroying the socket directly: erroring the body instead makes
            // @hono/node-server print a stack and append "Error: ..." text to the stream.
            if (outgoing) outgoing.destroy();
            else controller.error(new Error(reason));
          };
          response.on('data', (chunk: Buffer) => {
            watchUpstream();
            try {
              send(redactor.feed(decoder.decode(chunk, { stream: true })));
            } catch (error) {
              fail(error instanceof Error ? error.message : 'bad event');
            }
          });
          response.on('end', () => {
            if (closed) return;
            send(redactor.feed(decoder.decode()) + redactor.end());
            release();
            controller.close();
          });
          response.on('error', (error) => fail(errorCode(error)));
          response.on('close', () => fail('upstream closed mid-stream'));
          clientSignal.addEventListener('abort', release, { once: true });
          arm();
          watchUpstream();
          resumeWatch = watchUpstream;
        },
        pull() {
          if (closed) return;
          if (paused) {
            paused = false;
            resumeWatch();
          }
          response.resume();
        },
        cancel() {
          release();
        },
      },
      { highWaterMark: 16 },
    );
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  };
}

async function relayNonSse(
  config: GatewayConfig,
  request: ClientRequest,
  response: IncomingMessage,
  status: number,
  contentType: string,
): Promise<Response> {
  const timer = setTimeout(
    () => request.destroy(new UpstreamTimeoutError('body timeout')),
    config.upstreamTimeoutMs,
  );
  try {
    if (status === 204)
      return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
    const raw = await readLimited(response, config.maxUpstreamBodyBytes);
    if (raw === null)
      return jsonError(502, 'upstream_too_large', 'The events upstream answer is too large');
    if (isJsonContentType(contentType)) {
      try {
        const text = scrubSecret(redactJsonText(raw.toString('utf8')), config.apiKey);
        return new Response(text, {
          status: status >= 200 && status <= 599 ? status : 502,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
          },
        });
      } catch {
        return jsonError(502, 'upstream_invalid_json', 'The events upstream sent malformed JSON', {
          upstream_status: status,
        });
      }
    }
    return jsonError(
      502,
      'upstream_non_sse',
      'The events upstream did not answer with an event stream',
      {
        upstream_status: status,
      },
    );
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) {
      return jsonError(504, 'upstream_timeout', 'The events upstream did not answer in time');
    }
    return jsonError(502, 'upstream_incomplete', 'The events upstream dropped the connection', {
      upstream_status: status,
    });
  } finally {
    clearTimeout(timer);
    request.destroy();
  }
}
