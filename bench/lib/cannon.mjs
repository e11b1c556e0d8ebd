import autocannon from 'autocannon';

export const CONNECTIONS = 16;

/** Loads one route with autocannon (HTTP/1.1 keep-alive, CONNECTIONS connections) for `seconds`. */
export function cannon({ url, headers }, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}
