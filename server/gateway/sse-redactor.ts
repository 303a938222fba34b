import { mayContainSecrets, redactSecrets, scrubSecret } from './redact-secrets.ts';

export interface SseRedactor {
  /** Feeds decoded text; returns the complete output (whole events, comments) ready to send. */
  feed(text: string): string;
  /** End of input: a trailing event without its blank line is dropped, as a browser would. */
  end(): string;
}

export class SseEventTooLargeError extends Error {
  override name = 'SseEventTooLargeError';
}

/**
 * Re-serialises an SSE stream with secrets removed from each event's data. Events are held until
 * their terminating blank line (a client only dispatches then anyway), so the output is always at
 * an event boundary and a keep-alive comment can be inserted between any two writes.
 */
export function createSseRedactor(options: {
  secret?: string | undefined;
  maxEventBytes: number;
}): SseRedactor {
  let partial = '';
  let lines: string[] = [];
  let eventSize = 0;

  const finishEvent = (): string => {
    const event = lines;
    lines = [];
    eventSize = 0;
    const dataIndexes: number[] = [];
    const dataValues: string[] = [];
    event.forEach((line, index) => {
      if (line === 'data' || line.startsWith('data:')) {
        dataIndexes.push(index);
        const value = line.slice(5);
        dataValues.push(value.startsWith(' ') ? value.slice(1) : value);
      }
    });
    let out = event;
    const data = dataValues.join('\n');
    // Most events carry no secret key: they go out as received, with no JSON round trip.
    if (dataIndexes.length > 0 && mayContainSecrets(data)) {
      let replacement: string[];
      try {
        replacement = [`data: ${JSON.stringify(redactSecrets(JSON.parse(data)))}`];
      } catch {
        replacement = dataValues.map((value) => `data: ${value}`);
      }
      const first = dataIndexes[0];
      out = event.flatMap((line, index) => {
        if (index === first) return replacement;
        return dataIndexes.includes(index) ? [] : [line];
      });
    }
    return out.map((line) => `${scrubSecret(line, options.secret)}\n`).join('') + '\n';
  };

  const processLine = (line: string): string => {
    if (line === '') return finishEvent();
    if (line.startsWith(':') && lines.length === 0) return `${line}\n`;
    eventSize += line.length;
    if (eventSize > options.maxEventBytes)
      throw new SseEventTooLargeError(`SSE event larger than ${options.maxEventBytes} bytes`);
    lines.push(line);
    return '';
  };

  return {
    feed(text) {
      let buffer = partial + text;
      let out = '';
      // SSE lines end in \r\n, \n or \r; a trailing \r may be the first half of \r\n.
      const pattern = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
        out += processLine(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
      partial = buffer;
      if (partial.length > options.maxEventBytes)
        throw new SseEventTooLargeError(`SSE line larger than ${options.maxEventBytes} bytes`);
      return out;
    },
    end() {
      let out = '';
      if (partial.endsWith('\r')) out += processLine(partial.slice(0, -1));
      partial = '';
      lines = [];
      return out;
    },
  };
}
