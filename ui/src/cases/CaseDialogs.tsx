// The two dialogs every list of complaints opens: 新建投诉 (the new case is
// then shown) and one case's drawer. `shown` and `adding` stay with the list.
import { CaseDrawer } from "./CaseDrawer";
import { CaseForm } from "./CaseForm";

interface Props {
  adding: boolean;
  /** The customer a new case is for; absent: picked in the dialog. */
  customerId?: number;
  shown: number | null;
  setAdding: (adding: boolean) => void;
  setShown: (id: number | null) => void;
  /** After a case is recorded or takes a step: the list reloads. */
  onChanged: () => void;
}

export function CaseDialogs({ adding, customerId, shown, setAdding, setShown, onChanged }: Props) {
  return (
    <>
      <CaseForm
        open={adding}
        customerId={customerId}
        onDone={(saved) => {
          setAdding(false);
          if (saved) {
            onChanged();
            setShown(saved.id);
          }
        }}
      />
      <CaseDrawer caseId={shown} onClose={() => setShown(null)} onChanged={onChanged} />
    </>
  );
}
