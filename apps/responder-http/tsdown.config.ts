import { appConfig } from '../../tsdown.app';

// Workspace packages are bundled in: the published app must not depend on private @org packages.
export default appConfig({ alwaysBundle: [/^@org\//] });
