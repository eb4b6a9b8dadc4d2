/**
 * Accounts: the public face other features use. Accounts (户), residents and their bindings, staff, and
 * the import toolkit the bill import shares. Everything returns plain objects; the models stay inside.
 */
export type { Account } from './account.model';
export {
  CUSTOMER_READERS,
  findAccessibleAccount,
  boundAccountNos,
  boundUserIds,
  isBoundTo,
  bindingsOf,
  currentBindings,
  visibleSince,
  accountAreas,
} from './access';
export {
  findAccount,
  findAccounts,
  accountSummaries,
  accountsOfCommunity,
  activeAccountNosUnder,
  forEachAccountBatch,
  customerTypesOf,
  accountNosOfCustomerType,
  bumpQrRevision,
  recordQrScan,
  recordMeterReading,
  type AccountRecord,
  type AccountSummary,
  type AddressScope,
} from './accountDirectory';
export { residentContact, residentContacts, markUnfollowed, type ResidentContact } from './residentDirectory';
export {
  renameStaffTeam,
  staffCard,
  staffCovering,
  supervisorsCovering,
  teamHasStaff,
  technicianCoverage,
  techniciansOnShift,
  type StaffCard,
  type TechnicianCard,
  type TechnicianCoverage,
} from './staffDirectory';
export {
  technicianShift,
  setTechnicianShift,
  recordTechnicianPosition,
  techniciansForBoard,
  type BoardTechnician,
  type StaffPosition,
  type TechnicianShift,
} from './technicianShift';
export { customerAccountSection, type CustomerAccountSection } from './customer360.section';
export { similarHouseholdNos } from './similarHouseholds';
export {
  startSupplySuspension,
  endSupplySuspension,
  suspensionAt,
  suspendedSeason,
  currentSuspension,
  type SupplySuspension,
} from './supply';

// Imports (accounts here; bills in billing/import run the same loop, job, report and audit).
export {
  runImport,
  sameValue,
  rowUpdateAudit,
  bulkWriteRefusals,
  type Importer,
  type ImportRun,
} from './import/runImport';
export { MAX_KEPT_PROBLEMS } from './import/importJob.model';
export { importJobProblems, type ImportCounts, type ImportOptions } from './import/importJobLifecycle';
export { importAccounts, accountsImporter, problemsCsv } from './import/importAccounts';
export { IMPORT_RUN_JOB } from './import/importJob.runner';

// The CLI's first admin and password reset.
export { ensureAdmin, resetPassword } from './staff.service';

// How residents are reached outside the app (residentContact keeps the follower and phone data here).
export { contactPhoneFor, usersWithHolderPhone, type ContactPhone } from './contactPhone';
export {
  clearResidentPhone,
  markOaFollowers,
  residentPhone,
  setResidentPhone,
  type OaFollower,
} from './residentContact';

// Occupancy (过户/销户 end a household's bindings), security alerts, audited staff reads, session versions.
export { endOccupancy, type OccupancyCause } from './occupancy.service';
export { raiseSecurityAlert, type SecurityAlert } from './securityAlert.service';
export { PERSONAL_DATA_READ_LIMIT, recordPersonalDataRead, type PersonalDataRead } from './personalDataReads';
export { isSessionCurrent } from './sessionCheck';

// 注销: the accounts feature's steps of a resident's deletion (modules/privacy runs them with the others').
export { beginErasure, finishErasure, unfinishedErasures, type ResidentErasure } from './erasure.service';

// 开户 online (modules/accountChanges): the 户号 reserved at application, the account and its holder's
// binding written on approval, supply started when the 通气 visit is done.
export {
  reserveAccountNo,
  knownArea,
  openingAreas,
  openAccountAt,
  openAccount,
  startSupply,
  type OpeningAddress,
} from './opening.service';
