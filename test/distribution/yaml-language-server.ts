// The oracle for "works in the editor": yaml-language-server, the engine of VS Code's YAML
// extension, with the schema loader its own server uses (file URIs read from disk, relative refs
// resolved by URL), run in-process on a file as the editor would open it.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { getLanguageService, SchemaPriority, type LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const require = createRequire(import.meta.url);
const { schemaRequestHandler, workspaceContext } = require('yaml-language-server/out/server/src/languageservice/services/schemaRequestHandler.js') as {
  schemaRequestHandler: (connection: unknown, uri: string, folders: unknown[], root: unknown, vscodeRequest: boolean, fs: unknown, isWeb: boolean) => Promise<string>;
  workspaceContext: { resolveRelativePath(relativePath: string, resource: string): string };
};

// How the server reads the `yaml.schemas` setting: a relative key is taken from the workspace folder.
const { isRelativePath, relativeToAbsolutePath } = require('yaml-language-server/out/server/src/languageservice/utils/paths.js') as {
  isRelativePath(path: string): boolean;
  relativeToAbsolutePath(folders: unknown[], root: { fsPath: string }, uri: string): string;
};

/** What the editor shows for a file: its problems (line is 1-based) and the schema they came from. */
export interface EditorProblem {
  line: number;
  message: string;
  source: string;
}

function createService(): LanguageService {
  const fs = { readFile: async (path: string, encoding: BufferEncoding) => (await readFile(path, encoding)).toString() };
  return getLanguageService({
    schemaRequestService: (uri: string) => schemaRequestHandler(undefined, uri, [], undefined, false, fs, false),
    workspaceContext,
  });
}

let service: LanguageService | undefined;
function languageService(): LanguageService {
  if (!service) {
    service = createService();
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

/**
 * The problems the editor lists for `text` at `path` when the workspace's settings carry
 * `"yaml.schemas": yamlSchemas` (schema path or URL → globs), resolved as the server does.
 */
export async function editorProblemsWithSettings(workspaceFolder: string, yamlSchemas: Record<string, string[]>, path: string, text: string): Promise<EditorProblem[]> {
  const ls = createService();
  const schemas = Object.entries(yamlSchemas).map(([uri, fileMatch]) => ({
    uri: isRelativePath(uri) ? relativeToAbsolutePath([], { fsPath: workspaceFolder }, uri) : uri,
    fileMatch,
    priority: SchemaPriority.Settings,
  }));
  ls.configure({ validate: true, yamlVersion: '1.2', schemas });
  const diagnostics = await ls.doValidation(documentFor(path, text), false);
  return diagnostics.map((d) => ({ line: d.range.start.line + 1, message: d.message, source: String(d.source ?? '') }));
}

