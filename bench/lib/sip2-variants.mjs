// The two ways benchmark 8 signs patrons in, shared with its profile script: a pool of `callers`
// connections, and a connection per sign-in (each caller's descriptor has a pool of 1, closed after every
// sign-in, so every sign-in connects, logs in with 93, sends 63 and 35, and closes).
import { closeSip2Connections, createPatronAuth } from '@ils-auth/core';

/** `library(options)` makes a `sip2()` descriptor for the emulator; `signIn(index)` is caller `index`'s. */
export function sip2Variants(library, credentials, callers) {
  return {
    pooled() {
      const descriptor = library({ poolSize: callers });
      const auth = createPatronAuth(descriptor);
      return { signIn: () => auth.login(credentials), close: () => closeSip2Connections(descriptor) };
    },
    connectionPerSignIn() {
      const descriptors = Array.from({ length: callers }, () => library({ poolSize: 1 }));
      const auths = descriptors.map((descriptor) => createPatronAuth(descriptor));
      return {
        async signIn(index) {
          try {
            await auths[index].login(credentials);
          } finally {
            await closeSip2Connections(descriptors[index]);
          }
        },
        close: () => Promise.all(descriptors.map((descriptor) => closeSip2Connections(descriptor))),
      };
    },
  };
}
