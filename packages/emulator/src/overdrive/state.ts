import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { TokenBook } from '../shared/token-book.js';
import type {
  OverDriveClient,
  OverDriveLibrary,
  OverDrivePatron,
  OverDriveProduct,
  OverDriveWebsite,
} from './seed.js';

export type OverDriveToken =
  | { kind: 'app'; clientId: string }
  | { kind: 'patron'; clientId: string; patronId: number; websiteId: number; authorizationName: string };

export interface OverDriveSeeds {
  clients: OverDriveClient[];
  websites: OverDriveWebsite[];
  libraries: OverDriveLibrary[];
  patrons: OverDrivePatron[];
  products: OverDriveProduct[];
}

/** Everything one OverDrive emulator knows. */
export class OverDriveState {
  readonly tokens: TokenBook<OverDriveToken>;

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly seeds: OverDriveSeeds,
  ) {
    this.tokens = new TokenBook(runtime.clock, 64);
  }

  client(clientId: string): OverDriveClient | undefined {
    return this.seeds.clients.find((client) => client.clientId === clientId);
  }

  website(websiteId: string): OverDriveWebsite | undefined {
    return this.seeds.websites.find((website) => String(website.websiteId) === websiteId);
  }

  library(libraryId: number): OverDriveLibrary | undefined {
    return this.seeds.libraries.find((library) => library.libraryId === libraryId);
  }

  libraryByCollection(collectionToken: string): OverDriveLibrary | undefined {
    return this.seeds.libraries.find((library) => library.collectionToken === collectionToken);
  }

  patron(cardNumber: string): OverDrivePatron | undefined {
    return this.seeds.patrons.find((patron) => patron.cardNumber === cardNumber);
  }

  restart(): void {
    this.tokens.clear();
  }
}
