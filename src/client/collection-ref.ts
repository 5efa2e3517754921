// One reading of `posts` / `another:posts` for both sides: the server module is plain
// TypeScript with no imports, so the browser bundle takes it as it is.
export { MAIN_DATA_SOURCE, formatCollectionRef, parseCollectionRef, type CollectionRef } from '../server/collection-ref';
