/**
 * One cleaning of uploaded file names, used by every upload path (readUpload() and the files
 * service). A name is shown in lists and sent back in Content-Disposition, so characters that
 * change how it displays are removed before it is stored:
 *  - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 *    U+200E/U+200F/U+061C marks): "invoice‮fdp.exe" would otherwise display as "invoiceexe.pdf";
 *  - zero-width and other invisible format characters (Unicode category Cf: U+200B–U+200D,
 *    U+2060, U+FEFF …) and the line/paragraph separators U+2028/U+2029;
 *  - C0 and C1 control characters and DEL.
 * Folders in the name are dropped (only the last path segment is kept), characters Windows does
 * not allow in names become "_", the result is NFC-normalised, trimmed and at most 200 characters.
 */

// \p{Cf} covers the bidi controls, zero-width characters, BOM and soft hyphen; \p{Cc} the C0/C1
// controls; \p{Zl}\p{Zp} the separators.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/gu;
const RESERVED = /["<>|*?:]/g;

export function cleanUploadName(name: string, fallback = 'file'): string {
  const withoutInvisible = String(name ?? '').replace(INVISIBLE, '');
  const base = withoutInvisible.replace(/^.*[\\/]/, '').replace(RESERVED, '_').normalize('NFC').trim();
  // Trailing dots and spaces are dropped by Windows and hide the real extension.
  const trimmed = base.replace(/[. ]+$/u, '');
  const out = [...(trimmed || '')].slice(0, 200).join('');
  return out || fallback;
}
