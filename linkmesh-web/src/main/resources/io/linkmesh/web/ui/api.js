// The REST API client: same-origin fetches with the session cookie; every change carries the
// CSRF header the API requires of cookie-authenticated requests.

export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail || {};
  }
}

/** Sends a request; answers {status, data, text, etag}. Throws ApiError with plain words. */
export async function request(method, path, options = {}) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && method !== 'HEAD') headers['X-LinkMesh-Request'] = '1';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = `"${options.ifMatch}"`;
  let response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'The LinkMesh server could not be reached. Check the network and that the server is running, then try again.');
  }
  const type = response.headers.get('Content-Type') || '';
  const etagHeader = response.headers.get('ETag');
  const etag = etagHeader ? etagHeader.replace(/^W\//, '').replace(/"/g, '') : null;
  if (!response.ok) {
    let error = null;
    if (type.includes('json')) {
      try { error = (await response.json()).error; } catch (e) { error = null; }
    }
    const code = (error && error.code) || 'http_' + response.status;
    const err = new ApiError(response.status, code, explain(response.status, code, error), error);
    if (response.status === 401 && options.onUnauthenticated !== false) {
      window.dispatchEvent(new CustomEvent('linkmesh:unauthenticated', {detail: err}));
    }
    throw err;
  }
  if (response.status === 204) return {status: 204, data: null, text: '', etag};
  if (type.includes('json')) {
    return {status: response.status, data: await response.json(), text: null, etag};
  }
  return {status: response.status, data: null, text: await response.text(), etag};
}

export async function get(path) {
  return (await request('GET', path)).data;
}

export async function getText(path) {
  return (await request('GET', path)).text;
}

export const enc = encodeURIComponent;

/** What went wrong, in words an operator can act on. */
export function explain(status, code, error) {
  const said = error && error.message ? error.message : '';
  switch (code) {
    case 'unauthenticated':
      return 'You are not logged in, or your session has ended' + (said ? ` (${said})` : '') + '. Log in again with your token.';
    case 'forbidden':
      return 'Your role does not allow this: ' + said + '. Ask an admin for a token with more rights.';
    case 'csrf_header_missing':
      return 'The request was refused as a possible cross-site request. Reload the page and try again.';
    case 'not_found':
      return 'Not found: ' + said + '. It may have been removed; reload the list.';
    case 'conflict':
      return 'Someone changed this since you loaded it' +
        (error && error.head ? ` (it is now at revision ${String(error.head).slice(0, 12)})` : '') +
        '. Nothing was saved. Reload to see their change, then make yours again.';
    case 'invalid_config':
      return 'The collector runtime rejected this configuration. Nothing was saved. Fix these problems:';
    case 'invalid_if_match':
      return 'The revision this edit is based on is malformed. Reload the page and edit again.';
    case 'invalid_request':
    case 'malformed_json':
      return 'The request was not accepted: ' + said;
    case 'invalid_token':
      return 'That enrollment token cannot enroll collectors any more: ' + said;
    case 'payload_too_large':
      return 'That is too large for the server: ' + said;
    case 'not_configured':
      return 'This server is not set up for this: ' + said + '.';
    case 'store_unavailable':
      return 'The configuration store is unavailable right now, so nothing was changed. Try again in a moment.';
    case 'pipeline_not_supported':
      return 'Pipelines are not supported yet: ' + said;
    default:
      if (status >= 500) return 'The server failed to answer (' + status + '). Nothing you entered caused this; the server log has the details.' + (said ? ' (' + said + ')' : '');
      return said || `The server answered ${status}.`;
  }
}

/** The problems of a 422 answer as "line 3, column 5: message" strings. */
export function problems(err) {
  const list = (err && err.detail && err.detail.problems) || [];
  return list.map(p => (p.line > 0 ? `line ${p.line}, column ${p.column}: ` : '') + p.message);
}
