import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import {
  FAKE_APP_ID,
  checkIcon,
  decodePngRgba,
  packageTeamsApp,
  readPngHeader,
  validateLocalization,
  validateTeamsManifest,
} from '../../src/tools/packageTeams';
import { deflateSync } from 'node:zlib';
import { crc32, drawColorIcon, drawOutlineIcon, encodePng, type RgbaImage } from '../../src/tools/makeIcons';

const MANIFEST_DIR = path.resolve(__dirname, '../../manifest');
const BOT_ID = '3f1c2b7a-9d4e-4c1a-8b2f-0a1b2c3d4e5f';
const APP_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

type Json = Record<string, unknown>;

/** Encodes RGBA with row filters cycling through 0-4, to exercise every unfilter path of the decoder. */
function encodeWithAllFilters(img: RgbaImage): Buffer {
  const stride = img.width * 4;
  const raw = Buffer.alloc((stride + 1) * img.height);
  const px = (x: number, y: number): number => (x < 0 || y < 0 ? 0 : img.data[y * stride + x]);
  for (let y = 0; y < img.height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const a = px(x - 4, y);
      const b = px(x, y - 1);
      const c = px(x - 4, y - 1);
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter];
      raw[y * (stride + 1) + 1 + x] = (px(x, y) - pred) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = encodePng(img).subarray(0, 8);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Reads a zip entry as parsed JSON. */
function entryJson(zip: AdmZip, name: string): Json {
  const entry = zip.getEntry(name);
  assert.ok(entry, `zip has ${name}`);
  return JSON.parse(entry.getData().toString('utf8')) as Json;
}

/** A copy of the real manifest folder that a test may break. */
async function copyManifestDir(tmp: string): Promise<string> {
  const dir = path.join(tmp, 'manifest-copy');
  await fs.cp(MANIFEST_DIR, dir, { recursive: true });
  return dir;
}

describe('packageTeamsApp', function () {
  // Compiling the Teams schema with ajv takes a moment on a shared CPU.
  this.timeout(60_000);
  let tmp: string;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'teams-pkg-'));
  });
  after(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('writes a flat zip with the manifest, the Dutch localization and both icons', async () => {
    const outFile = path.join(tmp, 'out', 'teams-app.zip');
    const result = await packageTeamsApp({ manifestDir: MANIFEST_DIR, outFile, env: { MicrosoftAppId: BOT_ID } });
    assert.equal(result.outFile, outFile);
    assert.ok(!result.warnings.some((w) => w.includes(FAKE_APP_ID)), 'no fake-id warning when the id is given');

    const zip = new AdmZip(outFile);
    const names = zip.getEntries().map((e) => e.entryName).sort();
    assert.deepEqual(names, ['color.png', 'manifest.json', 'nl.json', 'outline.png']);

    const manifest = entryJson(zip, 'manifest.json');
    const bots = manifest.bots as Json[];
    assert.equal(bots[0].botId, BOT_ID);
    assert.equal(manifest.id, BOT_ID, 'TEAMS_APP_ID defaults to MicrosoftAppId');
    assert.ok(!JSON.stringify(manifest).includes('{{'), 'no placeholder left');
    assert.deepEqual(await validateTeamsManifest(manifest), []);
    assert.deepEqual(await validateLocalization(entryJson(zip, 'nl.json')), []);

    const color = readPngHeader(zip.getEntry('color.png')!.getData());
    const outline = readPngHeader(zip.getEntry('outline.png')!.getData());
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
  });

  it('uses TEAMS_APP_ID for the app id when given, and the fake id with a warning when MicrosoftAppId is missing', async () => {
    const withAppId = path.join(tmp, 'app-id.zip');
    await packageTeamsApp({ manifestDir: MANIFEST_DIR, outFile: withAppId, env: { MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID } });
    const m1 = entryJson(new AdmZip(withAppId), 'manifest.json');
    assert.equal(m1.id, APP_ID);
    assert.equal((m1.bots as Json[])[0].botId, BOT_ID);

    const fake = path.join(tmp, 'fake.zip');
    const result = await packageTeamsApp({ manifestDir: MANIFEST_DIR, outFile: fake, env: {} });
    assert.ok(result.warnings.some((w) => w.includes('MicrosoftAppId') && w.includes(FAKE_APP_ID)));
    const m2 = entryJson(new AdmZip(fake), 'manifest.json');
    assert.equal(m2.id, FAKE_APP_ID);
    assert.equal((m2.bots as Json[])[0].botId, FAKE_APP_ID);
  });

  it('refuses to package a manifest that fails the schema, listing the errors', async () => {
    const dir = await copyManifestDir(tmp);
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Json;
    manifest.manifestVersion = '0.9';
    delete (manifest.bots as Json[])[0].botId;
    await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const outFile = path.join(tmp, 'broken.zip');
    await assert.rejects(packageTeamsApp({ manifestDir: dir, outFile, env: { MicrosoftAppId: BOT_ID } }), (err: Error) => {
      assert.match(err.message, /manifestVersion/);
      assert.match(err.message, /botId/);
      return true;
    });
    await assert.rejects(fs.access(outFile), 'no zip is written for an invalid app');
  });

  it('rejects a bot id that is not a GUID', async () => {
    await assert.rejects(
      packageTeamsApp({ manifestDir: MANIFEST_DIR, outFile: path.join(tmp, 'bad-id.zip'), env: { MicrosoftAppId: 'not-a-guid' } }),
      /botId/,
    );
  });

  it('rejects an outline icon with coloured pixels', async () => {
    const dir = await copyManifestDir(tmp);
    const icon = drawOutlineIcon();
    icon.data.set([255, 0, 0, 255], 0); // one opaque red pixel in the corner
    await fs.writeFile(path.join(dir, 'outline.png'), encodePng(icon));
    await assert.rejects(
      packageTeamsApp({ manifestDir: dir, outFile: path.join(tmp, 'red.zip'), env: { MicrosoftAppId: BOT_ID } }),
      /outline\.png: 1 visible pixel\(s\) are not pure white/,
    );
  });
});

describe('Teams manifest and localization validation', function () {
  this.timeout(60_000);

  it('accepts the committed manifest once placeholders are filled in', async () => {
    const text = await fs.readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text.replace(/\$\{\{\w+\}\}/g, BOT_ID)) as Json;
    assert.deepEqual(await validateTeamsManifest(manifest), []);
    const bots = manifest.bots as Json[];
    assert.deepEqual(bots[0].scopes, ['personal', 'team', 'groupChat']);
    assert.equal(bots[0].supportsFiles, false);
    assert.equal(bots[0].isNotificationOnly, false);
  });

  it('reports schema errors for a broken manifest', async () => {
    const text = await fs.readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text.replace(/\$\{\{\w+\}\}/g, BOT_ID)) as Json;
    delete (manifest.bots as Json[])[0].botId;
    const errors = await validateTeamsManifest(manifest);
    assert.ok(errors.some((e) => e.includes('botId')), errors.join('\n'));
    assert.ok((await validateTeamsManifest({ ...manifest, manifestVersion: 'abc' })).some((e) => e.includes('manifestVersion')));
    assert.ok((await validateTeamsManifest('not an object')).length > 0);
  });

  it('validates nl.json and rejects unknown or overlong keys', async () => {
    const nl = JSON.parse(await fs.readFile(path.join(MANIFEST_DIR, 'nl.json'), 'utf8')) as Json;
    assert.deepEqual(await validateLocalization(nl), []);
    assert.equal(nl['bots[0].commandLists[0].commands[1].title'], 'Waar worden mijn gegevens opgeslagen?');
    assert.ok((await validateLocalization({ ...nl, 'name.short': 'x'.repeat(31) })).length > 0);
    assert.ok((await validateLocalization({ ...nl, 'bots[0].unknown': 'x' })).length > 0);
  });
});

describe('icon checks', () => {
  it('the committed icons have the Teams sizes and the outline is white on transparent', async () => {
    const color = await fs.readFile(path.join(MANIFEST_DIR, 'color.png'));
    const outline = await fs.readFile(path.join(MANIFEST_DIR, 'outline.png'));
    assert.deepEqual(checkIcon(color, 'color', 'color.png'), []);
    assert.deepEqual(checkIcon(outline, 'outline', 'outline.png'), []);
    const decoded = decodePngRgba(outline);
    assert.equal(decoded.hasAlpha, true);
    assert.deepEqual([decoded.width, decoded.height], [32, 32]);
  });

  it('decodes PNG rows using every filter type (0-4)', () => {
    for (const img of [drawColorIcon(), drawOutlineIcon()]) {
      const decoded = decodePngRgba(encodeWithAllFilters(img));
      assert.ok(decoded.rgba.equals(img.data));
    }
  });

  it('flags wrong sizes and non-PNG data', () => {
    const small = encodePng(drawOutlineIcon(16));
    assert.match(checkIcon(small, 'outline', 'o.png').join(), /16x16.*32x32/);
    assert.match(checkIcon(Buffer.from('nope'), 'color', 'c.png').join(), /not a PNG/);
  });
});
