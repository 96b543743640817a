import type { Command } from 'commander';
import { registerAssetCommands } from '../modules/assets/assets.cli';
import { registerCatalogCommands } from '../modules/catalog/catalog.cli';
import { registerDocumentCommands } from '../modules/documents/documents.cli';
import { registerNetworkCommands } from '../modules/network/network.cli';
import { registerVendorCommands } from '../modules/vendors/vendors.cli';
import { registerDisposalCommands } from '../modules/disposal/disposal.cli';
import { registerIncidentCommands } from '../modules/incidents/incidents.cli';

/**
 * Commands contributed by domain modules (catalog, assets, network, documents …). Each module
 * exports a function that adds its subcommands; list it here.
 */
export const moduleCommands: Array<(program: Command) => void> = [registerCatalogCommands, registerAssetCommands, registerNetworkCommands, registerDocumentCommands, registerVendorCommands, registerDisposalCommands, registerIncidentCommands];
