/**
 * Redaction for the audit trail: tokens, keys and signatures never leave the process, and phone
 * numbers keep only enough digits to tell them apart.
 */

const SECRET_PARAM =
  /^(sign|signature|key|corpsecret)$|token|secret|password|credential|authorization|accesskey/i;
const PHONE = /^(\+?\d{2,5})?(\d{3})\d{4}(\d{4})$/;

/** `13800001234` -> `138****1234` (with any country prefix kept). */
export function maskPhone(phone: string): string {
  const m = PHONE.exec(phone);
  return m ? `${m[1] ?? ''}${m[2]}****${m[3]}` : phone;
}

/** A URL with secret query values replaced and hook ids in paths shortened. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (SECRET_PARAM.test(key)) u.searchParams.set(key, '***');
    u.pathname = u.pathname.replace(/\/hook\/([^/]{4})[^/]*/, '/hook/$1***');
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}

/** A deep copy with secret-looking fields replaced and phone-like strings masked. */
export function redactValue(value: unknown, key = '', depth = 0): unknown {
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k, depth + 1)]));
  }
  if (typeof value === 'string') {
    if (SECRET_PARAM.test(key) && value !== '') return '***';
    if (/^\+?\d{11,15}$/.test(value)) return maskPhone(value);
    if (/phone/i.test(key)) return value.split(',').map(maskPhone).join(',');
  }
  return value;
}
