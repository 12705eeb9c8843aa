// Runs the lsjit command from its TypeScript sources (`npm run lsjit`, tsx); bin/lsjit.cjs runs a
// bundle of command.ts instead.
import { main } from './command.ts';

main(process.argv.slice(2));
