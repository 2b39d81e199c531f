/**
 * meshgate's version, in a module of its own so that commands, records and SARIF can name it
 * without importing the CLI wiring (which imports the commands: a cycle).
 */
export const VERSION = '0.1.0';
