import type { Command } from 'commander';

/**
 * Commands contributed by domain modules (catalog, assets, network, documents …). Each module
 * exports a function that adds its subcommands; list it here.
 */
export const moduleCommands: Array<(program: Command) => void> = [];
