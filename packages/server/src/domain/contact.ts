/** A directory entry; `officeNum` is what a caller keys in the CONTACTS dial-in mode. */
export interface Contact {
  id: number;
  officeNum: string;
  name: string;
  details: string | null;
  /** A disabled contact's office number no longer matches a CONTACTS dial-in. */
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}
