// Entry of the DOCX worker thread (see renderDocxOffThread.ts). Plain JavaScript so that Node can start
// it as is; it loads the TypeScript worker body through tsx, which the server already runs on.
import { tsImport } from 'tsx/esm/api';

await tsImport('./docxWorkerMain.ts', import.meta.url);
