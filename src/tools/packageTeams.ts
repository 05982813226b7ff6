/**
 * Builds the Teams app package (`teams-app.zip`) from the `manifest/` folder: substitutes the app
 * and bot ids, validates manifest and localization files against the official Microsoft Teams JSON
 * schemas shipped in `@microsoft/app-manifest` (offline, no schema download), checks the icons and
 * zips everything flat at the zip root, as Teams requires.
 *
 * CLI: `npm run package:teams` or `npx tsx src/tools/packageTeams.ts [out.zip]`.
 * Environment: `MicrosoftAppId` (the bot's Entra app id; a fake all-zero GUID is used with a warning
 * when absent) and `TEAMS_APP_ID` (optional, defaults to `MicrosoftAppId`).
 *
 * The developer URLs in `manifest/manifest.json` are placeholders under https://example.com and must
 * be replaced with real pages before the app is published; the tool warns while they are there.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';

/** Teams manifest schema version used by `manifest/manifest.json` (newest shipped in @microsoft/app-manifest). */
export const TEAMS_SCHEMA_VERSION = '1.30';

/** Obviously fake id used when `MicrosoftAppId` is missing, so packaging still works for a dry run. */
export const FAKE_APP_ID = '00000000-0000-0000-0000-000000000000';

/** Required icon sizes (Teams store rules). */
const ICON_SIZES = { color: 192, outline: 32 } as const;

type ValidateArgs = Parameters<typeof AppManifestUtils.validateAgainstSchema>;
type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const schemaCache = new Map<string, ValidateArgs[1]>();

/**
 * Escapes a `]` that closes no character class. Legal (a literal `]`) in plain JS regexes, but ajv
 * compiles patterns with the `u` flag, where it is a syntax error: the v1.30 localization schema has
 * two such patterns (`activities.activityTypes[...]`). Escaping keeps the meaning identical.
 */
function escapeLoneBrackets(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[++i] ?? '');
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    else if (ch === ']') {
      out += '\\]';
      continue;
    }
    out += ch;
  }
  return out;
}

/** Applies {@link escapeLoneBrackets} to every `pattern` and `patternProperties` key of a schema. */
function fixPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixPatterns);
  if (!isRecord(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'pattern' && typeof value === 'string') return [key, escapeLoneBrackets(value)];
      if (key === 'patternProperties' && isRecord(value)) {
        return [key, Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeLoneBrackets(k), fixPatterns(v)]))];
      }
      return [key, fixPatterns(value)];
    }),
  );
}

/** Loads a schema file of the pinned version from the package, never from the network. */
async function loadSchema(fileName: string): Promise<ValidateArgs[1]> {
  const cached = schemaCache.get(fileName);
  if (cached) return cached;
  const pkgBuild = path.dirname(require.resolve('@microsoft/app-manifest'));
  const file = path.join(pkgBuild, 'json-schemas', 'teams', `v${TEAMS_SCHEMA_VERSION}`, fileName);
  // Same clean-up the package applies: the published schema contains `\a`/`\v` escapes JSON rejects.
  const raw = (await fs.readFile(file, 'utf8')).replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = fixPatterns(JSON.parse(raw)) as ValidateArgs[1];
  schemaCache.set(fileName, schema);
  return schema;
}

/** Runs the package's own ajv-based validator against a local schema. */
async function validateWith(value: unknown, schemaFile: string, what: string): Promise<string[]> {
  if (!isRecord(value)) return [`${what} must be a JSON object`];
  const schema = await loadSchema(schemaFile);
  const errors = await AppManifestUtils.validateAgainstSchema(value as ValidateArgs[0], schema);
  // The package formats errors as "<instancePath> <message>"; an empty path means the root.
  return errors.map((e) => `${what}: ${e.trim()}`);
}

/**
 * Validates a (placeholder-substituted) Teams app manifest against the official
 * `MicrosoftTeams.schema.json` of {@link TEAMS_SCHEMA_VERSION}.
 * @returns one readable string per schema error; empty when the manifest is valid.
 */
export async function validateTeamsManifest(manifest: unknown): Promise<string[]> {
  return validateWith(manifest, 'MicrosoftTeams.schema.json', 'manifest.json');
}

/**
 * Validates a Teams localization file (such as `nl.json`) against the official
 * `MicrosoftTeams.Localization.schema.json` of {@link TEAMS_SCHEMA_VERSION}.
 * @returns one readable string per schema error; empty when the file is valid.
 */
export async function validateLocalization(loc: unknown, fileName = 'localization file'): Promise<string[]> {
  return validateWith(loc, 'MicrosoftTeams.Localization.schema.json', fileName);
}

/** Resolves placeholder values from the given environment (never from `process.env` directly). */
function resolveVariables(env: Record<string, string | undefined>): { vars: Record<string, string>; warnings: string[] } {
  const warnings: string[] = [];
  let botId = env.MicrosoftAppId?.trim();
  if (!botId) {
    warnings.push(`MicrosoftAppId is not set: using the fake id ${FAKE_APP_ID}. The package is only fit for a dry run.`);
    botId = FAKE_APP_ID;
  }
  const appId = env.TEAMS_APP_ID?.trim() || botId;
  // Aliases so both the Teams Toolkit style and the Bot Framework style placeholders work.
  return { vars: { MICROSOFT_APP_ID: botId, MicrosoftAppId: botId, BOT_ID: botId, TEAMS_APP_ID: appId }, warnings };
}

const PLACEHOLDER = /\$?\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces `${{NAME}}` / `{{NAME}}` in every string of a parsed JSON value. Working on parsed values,
 * not raw text, means a substituted value can never break the JSON structure.
 */
function substitute(value: unknown, lookup: (name: string) => string | undefined, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const v = lookup(name);
      if (v === undefined) missing.add(name);
      return v ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, lookup, missing));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, lookup, missing)]));
  }
  return value;
}

/** Basic facts from a PNG's IHDR chunk. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Reads the IHDR chunk (always the first chunk) of a PNG.
 * @throws Error when the bytes are not a PNG.
 */
export function readPngHeader(png: Buffer): PngHeader {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25], interlace: png[28] };
}

/** Samples per pixel for each PNG colour type we decode (8-bit only). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Paeth predictor from the PNG specification. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced greyscale/RGB(A) PNG into RGBA pixels (undoing filters 0-4).
 * That covers what icon tools emit; other formats are rejected with a clear message.
 */
export function decodePngRgba(png: Buffer): { width: number; height: number; hasAlpha: boolean; rgba: Buffer } {
  const h = readPngHeader(png);
  const channels = CHANNELS[h.colorType];
  if (h.bitDepth !== 8 || channels === undefined || h.interlace !== 0) {
    throw new Error(`unsupported PNG format (bit depth ${h.bitDepth}, colour type ${h.colorType}, interlace ${h.interlace}); save it as 8-bit RGBA`);
  }
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= png.length; ) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    if (type === 'IDAT') idat.push(png.subarray(pos + 8, pos + 8 + len));
    if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = h.width * channels;
  if (raw.length < (stride + 1) * h.height) throw new Error('truncated PNG image data');
  const pixels = Buffer.alloc(stride * h.height);
  for (let y = 0; y < h.height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels] : 0;
      const b = y > 0 ? pixels[row - stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter type ${filter} in row ${y}`);
      pixels[row + x] = (raw[src + x] + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(h.width * h.height * 4);
  for (let i = 0; i < h.width * h.height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b] = channels >= 3 ? [p[0], p[1], p[2]] : [p[0], p[0], p[0]];
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = channels === 2 || channels === 4 ? p[channels - 1] : 255;
  }
  return { width: h.width, height: h.height, hasAlpha: channels === 2 || channels === 4, rgba };
}

/**
 * Checks an icon against the Teams rules: exact size and, for the outline icon, only white
 * (#FFFFFF) pixels on a transparent background.
 * @returns problems found, empty when the icon is fine.
 */
export function checkIcon(png: Buffer, kind: keyof typeof ICON_SIZES, fileName: string): string[] {
  const size = ICON_SIZES[kind];
  let header: PngHeader;
  try {
    header = readPngHeader(png);
  } catch (e) {
    return [`${fileName}: ${(e as Error).message}`];
  }
  const errors: string[] = [];
  if (header.width !== size || header.height !== size) {
    errors.push(`${fileName}: is ${header.width}x${header.height}, the ${kind} icon must be ${size}x${size}`);
  }
  if (kind !== 'outline') return errors;
  try {
    const img = decodePngRgba(png);
    if (!img.hasAlpha) return [...errors, `${fileName}: has no alpha channel; the outline icon needs a transparent background`];
    let coloured = 0;
    let transparent = 0;
    for (let i = 0; i < img.rgba.length; i += 4) {
      const alpha = img.rgba[i + 3];
      if (alpha === 0) transparent++;
      else if (img.rgba[i] !== 255 || img.rgba[i + 1] !== 255 || img.rgba[i + 2] !== 255) coloured++;
    }
    if (coloured > 0) errors.push(`${fileName}: ${coloured} visible pixel(s) are not pure white; the outline icon must be white on transparent`);
    if (transparent === 0) errors.push(`${fileName}: has no transparent pixels; the outline icon needs a transparent background`);
    if (transparent === img.width * img.height) errors.push(`${fileName}: is fully transparent`);
  } catch (e) {
    errors.push(`${fileName}: ${(e as Error).message}`);
  }
  return errors;
}

/** A referenced file must sit next to manifest.json: the zip is flat and Teams resolves paths from its root. */
function rootFileName(value: unknown, field: string, errors: string[]): string | undefined {
  if (typeof value !== 'string' || value === '' || /[\\/]/.test(value) || value.startsWith('.')) {
    errors.push(`manifest.json: ${field} must be a plain file name next to manifest.json, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

async function readJson(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new Error(`${path.basename(file)} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** Options for {@link packageTeamsApp}. */
export interface PackageTeamsOptions {
  /** Folder with manifest.json, the localization files and the icons. */
  manifestDir: string;
  /** Zip file to write; parent folders are created. */
  outFile: string;
  /** Variables for placeholders (`MicrosoftAppId`, `TEAMS_APP_ID`, ...). Pass `process.env` from a CLI only. */
  env: Record<string, string | undefined>;
}

/**
 * Validates the Teams app in `manifestDir` and writes the upload-ready zip
 * (manifest.json, localization files and icons, all at the zip root).
 * @returns the absolute zip path and non-fatal warnings (fake id, placeholder URLs).
 * @throws Error listing every problem found (schema errors, icon problems, unresolved placeholders).
 */
export async function packageTeamsApp(options: PackageTeamsOptions): Promise<{ outFile: string; warnings: string[] }> {
  const { vars, warnings } = resolveVariables(options.env);
  const lookup = (name: string): string | undefined => vars[name] ?? options.env[name];
  const missing = new Set<string>();
  const errors: string[] = [];

  const manifest = substitute(await readJson(path.join(options.manifestDir, 'manifest.json')), lookup, missing);
  errors.push(...(await validateTeamsManifest(manifest)));
  if (!isRecord(manifest)) throw new Error(`Teams app package is invalid:\n  - ${errors.join('\n  - ')}`);

  // Files to ship, as referenced by the manifest itself.
  const entries: { name: string; data: Buffer }[] = [];
  const icons = isRecord(manifest.icons) ? manifest.icons : {};
  for (const kind of ['color', 'outline'] as const) {
    const name = rootFileName(icons[kind], `icons.${kind}`, errors);
    if (!name) continue;
    const data = await fs.readFile(path.join(options.manifestDir, name)).catch(() => undefined);
    if (!data) {
      errors.push(`${name}: file not found in ${options.manifestDir}`);
      continue;
    }
    errors.push(...checkIcon(data, kind, name));
    entries.push({ name, data });
  }
  const loc = isRecord(manifest.localizationInfo) ? manifest.localizationInfo : {};
  const languages = Array.isArray(loc.additionalLanguages) ? loc.additionalLanguages : [];
  const locFiles = [
    ...(loc.defaultLanguageFile !== undefined ? [['localizationInfo.defaultLanguageFile', loc.defaultLanguageFile]] : []),
    ...languages.map((l, i) => [`localizationInfo.additionalLanguages[${i}].file`, isRecord(l) ? l.file : undefined]),
  ];
  for (const [field, value] of locFiles) {
    const name = rootFileName(value, String(field), errors);
    if (!name) continue;
    const file = path.join(options.manifestDir, name);
    const parsed = await readJson(file).catch((e: Error) => e);
    if (parsed instanceof Error) {
      errors.push(`${name}: ${parsed.message}`);
      continue;
    }
    const localized = substitute(parsed, lookup, missing);
    errors.push(...(await validateLocalization(localized, name)));
    entries.push({ name, data: Buffer.from(JSON.stringify(localized, null, 2) + '\n', 'utf8') });
  }

  for (const name of missing) errors.push(`placeholder {{${name}}} has no value: set the environment variable ${name}`);
  if (errors.length > 0) {
    throw new Error(`Teams app package is invalid (${errors.length} problem(s)):\n  - ${errors.join('\n  - ')}`);
  }
  const developer = isRecord(manifest.developer) ? manifest.developer : {};
  const placeholderUrls = Object.entries(developer).filter(([, v]) => typeof v === 'string' && /^https?:\/\/(www\.)?example\.com\b/i.test(v));
  if (placeholderUrls.length > 0) {
    warnings.push(`developer.${placeholderUrls.map(([k]) => k).join(', developer.')} still point to example.com placeholders: replace them before publishing.`);
  }

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));
  for (const entry of entries) zip.addFile(entry.name, entry.data);
  const outFile = path.resolve(options.outFile);
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  await fs.writeFile(outFile, zip.toBuffer());
  return { outFile, warnings };
}

if (require.main === module) {
  // Same relative paths from src/tools (tsx) and dist/tools (compiled build).
  const projectRoot = path.resolve(__dirname, '../..');
  const outFile = process.argv[2] ? path.resolve(process.argv[2]) : path.join(projectRoot, 'dist', 'teams-app.zip');
  packageTeamsApp({ manifestDir: path.join(projectRoot, 'manifest'), outFile, env: process.env }).then(
    (result) => {
      for (const w of result.warnings) console.warn(`warning: ${w}`);
      console.log(result.outFile);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
