// The server's API (docs/api.md) as the signed-in user: the session cookie goes with every request.
import { language } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.field = body?.error?.field;
  }
}

function url(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function answer(res) {
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

const headers = () => ({ 'Accept-Language': language() });

export async function get(path, params) {
  return answer(await fetch(url(path, params), { headers: headers(), credentials: 'same-origin' }));
}

export async function post(path, body) {
  return answer(await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { ...headers(), 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }));
}

export async function put(path, body) {
  return answer(await fetch(path, {
    method: 'PUT', credentials: 'same-origin',
    headers: { ...headers(), 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  }));
}

/// The address of a download (CSV, XLSX) with the same query.
export function link(path, params) { return url(path, params); }
