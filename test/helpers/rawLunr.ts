/** Test fixtures for the lunr-level tables: a raw two-field lunr index, and an index with its saved-and-loaded twin. */
import lunr from 'lunr';
import { deserializeIndex, serializeIndex, type SearchIndex } from '../../src/core/searchIndex';
import { tinyIndex } from './tinyCorpus';

/** lunr over `heading` and `body` with refs as given and no pipeline (our indexes use passage positions; tests try odd refs too). */
export function rawLunr(docs: { ref: string; heading: string; body: string }[]): lunr.Index {
  return lunr(function () {
    this.ref('ref');
    this.field('heading');
    this.field('body');
    this.pipeline.reset();
    this.searchPipeline.reset();
    docs.forEach((d) => this.add(d));
  });
}

/** A three-passage, two-language index, and the same index after a save and load (tables must agree on both). */
export function builtAndReloaded(): (readonly [string, SearchIndex])[] {
  const built = tinyIndex([
    {
      id: 'alpha',
      sections: [
        ['en', 'location', 'Data location', 'Customer data is stored in datacenters in the European Union.'],
        ['nl', 'location', 'Gegevenslocatie', 'Klantgegevens worden opgeslagen in datacenters in de Europese Unie.'],
        ['en', 'retention', 'Data retention', 'Alerts are kept for 180 days; data data data.'],
      ],
    },
  ]);
  return [['built', built], ['saved and loaded', deserializeIndex(JSON.parse(JSON.stringify(serializeIndex(built))))]];
}
