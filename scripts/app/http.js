/**
 * Plain HTTP to a running NocoBase app, the way curl or the browser talks to it.
 */

/** A failed API call, with what the server said. */
class ApiError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
    this.status = status;
    this.body = body;
  }
}

/** POST /api/auth:signIn with the basic authenticator; resolves to a token. */
async function signIn(baseUrl, account, password) {
  const response = await fetch(`${baseUrl}/api/auth:signIn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' },
    body: JSON.stringify({ account, password }),
  });
  const body = await response.json().catch(() => null);

  if (!response.ok || !body?.data?.token) {
    throw new ApiError('POST', '/api/auth:signIn', response.status, body);
  }

  return body.data.token;
}

/**
 * A small client: `api.get('collections:get', { filterByTk })`, `api.post('workflows:create',
 * values, query)`. Resolves to the response's `data` (and `meta` on `api.list`).
 */
function apiClient(baseUrl, token) {
  async function call(method, action, { query, body } = {}) {
    const search = new URLSearchParams();

    for (const [name, value] of Object.entries(query ?? {})) {
      search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    }

    const url = `/api/${action}${search.size ? `?${search}` : ''}`;
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'X-Role': 'root',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json().catch(() => null);

    if (!response.ok) {
      throw new ApiError(method, url, response.status, payload);
    }

    return payload;
  }

  return {
    get: async (action, query) => (await call('GET', action, { query }))?.data,
    list: async (action, query) => call('GET', action, { query }),
    post: async (action, body = {}, query) => (await call('POST', action, { body, query }))?.data,
  };
}

/** Resolves once `GET url` answers 200; rejects when `stillRunning()` turns false. */
async function waitForOk(url, { stillRunning, intervalMs = 250 }) {
  for (;;) {
    if (!stillRunning()) {
      throw new Error(`the app exited before ${url} answered`);
    }

    const status = await fetch(url)
      .then((response) => response.status)
      .catch(() => 0);

    if (status === 200) {
      return;
    }

    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

module.exports = { ApiError, apiClient, signIn, waitForOk };
