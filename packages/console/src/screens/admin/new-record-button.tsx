/** The page action that opens an empty record form: "New agent", "New pause code". */
export function NewRecordButton({ noun, onClick }: { noun: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-primary" onClick={onClick}>
      {`New ${noun}`}
    </button>
  );
}
