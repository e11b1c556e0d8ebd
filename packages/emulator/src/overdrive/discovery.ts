import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { notFoundReply, OVERDRIVE_JSON } from './errors.js';
import type { OverDriveProduct } from './seed.js';
import type { OverDriveState } from './state.js';

const DISCOVERY = 'application/vnd.overdrive.api+json';
const link = (href: string) => ({ href, type: DISCOVERY });

/** `GET /v1/libraries/{libraryId}` on the Discovery API host. */
export function getLibrary(state: OverDriveState, ctx: RequestContext): Reply {
  const library = state.library(Number(ctx.params[0]));
  if (!library) return notFoundReply();
  const base = `${ctx.origin}/api/v1`;
  return jsonReply(
    200,
    {
      id: library.libraryId,
      name: library.name,
      type: 'Library',
      collectionToken: library.collectionToken,
      links: {
        self: link(`${base}/libraries/${library.libraryId}`),
        products: link(`${base}/collections/${library.collectionToken}/products`),
      },
      formats: [
        { id: 'ebook-epub-adobe', name: 'Adobe EPUB eBook' },
        { id: 'audiobook-overdrive', name: 'OverDrive Listen audiobook' },
      ],
    },
    OVERDRIVE_JSON,
  );
}

function productSummary(collection: string, product: OverDriveProduct) {
  return {
    id: product.reserveId,
    mediaType: product.mediaType,
    title: product.title,
    primaryCreator: { role: 'Author', name: product.author },
    links: {
      self: link(`${collection}/products/${product.reserveId}`),
      availability: link(`${collection}/products/${product.reserveId}/availability`),
    },
  };
}

/** `GET /v1/collections/{collectionToken}/products`. */
export function listProducts(state: OverDriveState, ctx: RequestContext): Reply {
  const token = ctx.params[0] ?? '';
  if (!state.libraryByCollection(token)) return notFoundReply();
  const collection = `${ctx.origin}/api/v1/collections/${token}`;
  const products = state.seeds.products;
  return jsonReply(
    200,
    {
      limit: 25,
      offset: 0,
      totalItems: products.length,
      id: token,
      products: products.map((product) => productSummary(collection, product)),
      links: { self: link(`${collection}/products`) },
    },
    OVERDRIVE_JSON,
  );
}

/** `GET /v1/collections/{collectionToken}/products/{reserveId}/availability`; unknown ids give OD-4's shape. */
export function productAvailability(state: OverDriveState, ctx: RequestContext): Reply {
  const [token = '', reserveId = ''] = ctx.params;
  const product = state.seeds.products.find((candidate) => candidate.reserveId === reserveId.toLowerCase());
  if (!state.libraryByCollection(token) || !product) return notFoundReply();
  return jsonReply(
    200,
    {
      reserveId: product.reserveId,
      available: product.copiesAvailable > 0,
      copiesOwned: product.copiesOwned,
      copiesAvailable: product.copiesAvailable,
      numberOfHolds: product.numberOfHolds,
      links: {
        self: link(`${ctx.origin}/api/v1/collections/${token}/products/${product.reserveId}/availability`),
      },
    },
    OVERDRIVE_JSON,
  );
}
