/**
 * LDAP clients: search filters built from input (`(uid=` + name + `)`) let `*)(|(uid=*` match every
 * entry or probe attributes. Filter text counts as a SQL query does: a request value given whole
 * is the injection, a library passing its caller's filter through is not (`'library-input'`).
 * Filter objects (`new EqualityFilter({ attribute, value })`) escape their value when encoded, and
 * binding (`client.bind(dn, pw)`, activedirectory `authenticate(user, pw)`) parses no filter: the
 * bind name only chooses which account the password is checked against, so neither is a sink.
 */
import type { SanitizerSpec, SinkSpec, TaintModel } from './types.js';
import { NOT_LIBRARY_INPUT } from './node-core.js';

const FILTER_DESC = 'is an LDAP search filter built from untrusted data';

/** `client.search(base, { filter })` or `client.search(base, filterText)`. */
function search(id: string, call: string): SinkSpec {
  return { id, kind: 'ldap-injection', call, args: [1], property: 'filter', requiresConcatenation: 'library-input', description: FILTER_DESC };
}

/** activedirectory(2) objects: `new ActiveDirectory(config)`, also activedirectory2's promise wrapper. */
const ADS: [string, string][] = [['{activedirectory,activedirectory2}()', 'activedirectory'], ['activedirectory2.promiseWrapper()', 'activedirectory2.promiseWrapper']];
/**
 * activedirectory methods that splice a user or group name into their filter unescaped
 * (`(sAMAccountName=` + name + `)`): the name is the injection even when passed whole. The name
 * follows an optional options object, so either of the first two arguments (isUserMemberOf: three).
 */
const AD_BY_NAME = 'findUser,userExists,findGroup,groupExists,getGroupMembershipForUser,getGroupMembershipForGroup,getUsersForGroup';
/** activedirectory methods that take a whole filter (text or `{ filter }`). */
const AD_BY_FILTER = 'find,findUsers,findGroups,findDeletedObjects';

const FILTER_CLASSES = [
  'EqualityFilter', 'SubstringFilter', 'PresenceFilter', 'ApproximateFilter', 'GreaterThanEqualsFilter',
  'LessThanEqualsFilter', 'ExtensibleFilter', 'AndFilter', 'OrFilter', 'NotFilter',
];

const filterObjects = (call: string): SanitizerSpec => ({
  call, kinds: ['ldap-injection'], description: 'an LDAP filter object (its values are escaped when encoded)',
});

export const ldapModel: TaintModel = {
  framework: 'ldap',
  sinks: [
    // ldapjs
    search('ldapjs.search', 'ldapjs.createClient().search'),
    ...['ldapjs.parseFilter', 'ldapjs.filters.parseString', '@ldapjs/filter.parseString'].map((call): SinkSpec => ({
      id: call, kind: 'ldap-injection', call, requiresConcatenation: 'library-input', description: FILTER_DESC,
    })),
    // ldapts
    search('ldapts.search', 'ldapts.Client().search'),
    // A client passed in from elsewhere: only receivers named after LDAP (`ldap`, `ldapClient`,
    // `this.ldap`), as `search` is every search API's name; only filters built from input.
    { id: 'method.ldap.search', kind: 'ldap-injection', method: { name: 'search', receiver: 'ldap' }, args: [1], property: 'filter',
      requiresConcatenation: true, description: FILTER_DESC },
    // activedirectory, activedirectory2
    ...ADS.flatMap(([ad, id]): SinkSpec[] => [
      { id: `${id}.by-name`, kind: 'ldap-injection', call: `${ad}.{${AD_BY_NAME}}`, args: [0, 1], labels: NOT_LIBRARY_INPUT,
        description: 'is a name activedirectory splices unescaped into an LDAP filter' },
      { id: `${id}.isUserMemberOf`, kind: 'ldap-injection', call: `${ad}.isUserMemberOf`, args: [0, 1, 2], labels: NOT_LIBRARY_INPUT,
        description: 'is a name activedirectory splices unescaped into an LDAP filter' },
      { id: `${id}.find`, kind: 'ldap-injection', call: `${ad}.{${AD_BY_FILTER}}`, property: 'filter',
        requiresConcatenation: 'library-input', description: FILTER_DESC },
    ]),
  ],
  sanitizers: [
    // ldap-escape's template tags: ldapEscape.filter`(uid=${name})`, ldapEscape.dn`cn=${cn}`.
    { call: 'ldap-escape.{filter,dn}', kinds: ['ldap-injection'], description: 'LDAP escaping (ldap-escape)' },
    ...['ldapjs', 'ldapjs.filters', 'ldapts'].map((mod) => filterObjects(`${mod}.{${FILTER_CLASSES.join(',')}}`)),
    // A scoped package's member cannot be a list of alternatives: one pattern each.
    ...FILTER_CLASSES.map((name) => filterObjects(`@ldapjs/filter.${name}`)),
  ],
};
