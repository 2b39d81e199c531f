// The oracle for "works in the editor": yaml-language-server, the engine of VS Code's YAML
// extension, with the schema loader its own server uses (file URIs read from disk, relative refs
// resolved by URL), run in-process on a file as the editor would open it.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { getLanguageService, type LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const require = createRequire(import.meta.url);
const { schemaRequestHandler, workspaceContext } = require('yaml-language-server/out/server/src/languageservice/services/schemaRequestHandler.js') as {
  schemaRequestHandler: (connection: unknown, uri: string, folders: unknown[], root: unknown, vscodeRequest: boolean, fs: unknown, isWeb: boolean) => Promise<string>;
  workspaceContext: { resolveRelativePath(relativePath: string, resource: string): string };
};

/** What the editor shows for a file: its problems (line is 1-based) and the schema they came from. */
export interface EditorProblem {
  line: number;
  message: string;
  source: string;
}

let service: LanguageService | undefined;
function languageService(): LanguageService {
  if (!service) {
    const fs = { readFile: async (path: string, encoding: BufferEncoding) => (await readFile(path, encoding)).toString() };
    service = getLanguageService({
      schemaRequestService: (uri: string) => schemaRequestHandler(undefined, uri, [], undefined, false, fs, false),
      workspaceContext,
    });
    service.configure({ validate: true, completion: true, hover: true, yamlVersion: '1.2' });
  }
  return service;
}

// The server caches parsed documents by URI and version, as an editor bumps the version on each edit.
let version = 0;
function documentFor(path: string, text: string): TextDocument {
  return TextDocument.create(pathToFileURL(path).href, 'yaml', ++version, text);
}

/** The problems VS Code's YAML extension would list for `text` saved at `path`. */
export async function editorProblems(path: string, text: string): Promise<EditorProblem[]> {
  const diagnostics = await languageService().doValidation(documentFor(path, text), false);
  return diagnostics.map((d) => ({ line: d.range.start.line + 1, message: d.message, source: String(d.source ?? '') }));
}

/** The completion labels the editor offers at the start of `line` (1-based). */
export async function editorCompletions(path: string, text: string, line: number): Promise<string[]> {
  const list = await languageService().doComplete(documentFor(path, text), { line: line - 1, character: 0 }, false);
  return list.items.map((i) => i.label);
}
