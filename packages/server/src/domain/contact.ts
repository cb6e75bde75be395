/** A directory entry; `officeNum` is what a caller keys in the CONTACTS dial-in mode. */
export interface Contact {
  id: number;
  officeNum: string;
  name: string;
  details: string | null;
  createdAt: Date;
  updatedAt: Date;
}
