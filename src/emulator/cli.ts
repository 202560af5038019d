// PLACEHOLDER (issue 4 replaces this file): `graph-subscriptions-emulator` command line.
console.error('graph-subscriptions-emulator: not built yet');
process.exit(1);
