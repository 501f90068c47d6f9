// Browser mode: a file to import goes to the backend's own temporary folder (POST /api/upload); the backend never
// reads a path typed in the GUI. Electron picks files with its native dialog instead.
import { TOKEN_HEADER, UPLOAD_PATH } from '../../../src-common/contract/wire.js';
import { BackendCallError } from '../../../src-common/contract/errors.js';
import { storedToken } from './token.js';

export async function uploadForImport(file: Blob): Promise<string> {
  const response = await fetch(UPLOAD_PATH, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: storedToken() ?? '', 'content-type': 'application/octet-stream' },
    body: file,
  });
  const envelope = (await response.json()) as { ok: boolean; result?: { uploadId: string }; error?: { code: string; message: string } };
  if (!envelope.ok || !envelope.result) {
    throw new BackendCallError({ code: 'bad-request', message: envelope.error?.message ?? `upload failed (HTTP ${response.status})` });
  }
  return envelope.result.uploadId;
}
