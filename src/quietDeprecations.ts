/**
 * Imported first by `main.ts`: restify's HTTP/2 dependency touches `process.binding('http_parser')`, and
 * Node prints a multi-line deprecation notice on stderr at every start. It is not actionable for an
 * operator and would sit between the one-line start-up errors, so deprecation notices are switched off
 * (`NODE_OPTIONS=--trace-deprecation` still shows them to a developer).
 */
if (!process.execArgv.includes('--trace-deprecation') && !(process.env.NODE_OPTIONS ?? '').includes('--trace-deprecation')) {
  process.noDeprecation = true;
}
