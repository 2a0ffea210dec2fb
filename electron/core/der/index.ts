/** A small strict ASN.1 DER reader and writer: just what key files need. */
export * from './errors';
export * from './oid';
export * from './reader';
export * from './writer';
