/** Why a gateway-made error happened; the SPA branches on `reason`, people read `detail`. */
export type GatewayErrorReason =
  | 'not_configured'
  | 'bad_path'
  | 'body_too_large'
  | 'cross_site_request'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_incomplete'
  | 'upstream_non_json'
  | 'upstream_invalid_json'
  | 'upstream_too_large'
  | 'upstream_non_sse'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal_error'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'invalid_credentials'
  | 'locked_out'
  | 'bad_request'
  | 'wrong_auth_mode';

export interface GatewayErrorBody {
  detail: string;
  reason: GatewayErrorReason;
  [extra: string]: unknown;
}

export function jsonError(
  status: number,
  reason: GatewayErrorReason,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  const body: GatewayErrorBody = { ...extra, detail, reason };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}
