// The import wizard: file → sheet → columns → preview → import → result.
// Reading runs in Rust on a worker thread; progress arrives through the
// command's channel and the cancel button stops it without touching the
// database. The state lives in `state.ts` (a pure reducer); each step is a
// component in `steps/`.
import { useCallback, useEffect, useReducer, useState } from "react";
import { Alert, App, Empty, Space, Steps } from "antd";
import { api, asApiError, dialogs, type ImportProgress, type Mapping } from "../ipc/api";
import { useI18n } from "../i18n";
import { STEP, importReducer, importRequest, initialImportState, type Step } from "./state";
import { FileStep } from "./steps/FileStep";
import { SheetStep } from "./steps/SheetStep";
import { ColumnsStep } from "./steps/ColumnsStep";
import { PreviewStep } from "./steps/PreviewStep";
import { ResultStep } from "./steps/ResultStep";
import { ProgressCard } from "./steps/ProgressCard";
import { SurveyImport } from "../surveys/SurveyImport";

const EXTENSIONS = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt"];

export function ImportPage({ file, onChanged, onOpenCustomers, onExportTemplate }: {
  onExportTemplate?: () => void;
  file: { path: string; at: number } | null;
  onChanged: () => void;
  onOpenCustomers: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [state, dispatch] = useReducer(importReducer, initialImportState);
  const { step, inspection, mapping, preview, summary, busy } = state;
  const onProgress = useCallback((progress: ImportProgress) => dispatch({ type: "progress", progress }), []);

  const inspect = useCallback(async (path: string) => {
    dispatch({ type: "inspectStarted" });
    try {
      dispatch({ type: "inspected", inspection: await api.inspectImportFile(path) });
    } catch (e) {
      dispatch({ type: "failed", message: asApiError(e).message });
    }
  }, []);

  useEffect(() => { if (file) void inspect(file.path); }, [file, inspect]);

  const pick = async () => {
    const path = await dialogs.open({
      title: t("importPick"), multiple: false, directory: false,
      filters: [{ name: t("importFilter"), extensions: EXTENSIONS }],
    });
    if (typeof path === "string") await inspect(path);
  };

  /** A failure, or the cancel button: a cancel is told in passing, not as an error. */
  const fail = (e: unknown) => {
    const err = asApiError(e);
    if (err.code === "cancelled") {
      dispatch({ type: "cancelled" });
      message.info(err.message);
    } else {
      dispatch({ type: "failed", message: err.message });
    }
  };

  const runPreview = async (m: Mapping | null, next: Step) => {
    dispatch({ type: "workStarted" });
    try {
      const p = await api.previewImport(importRequest(state, m), onProgress);
      const targets = state.targets.length === 0 ? await api.importTargets() : undefined;
      dispatch({ type: "previewed", preview: p, next, targets });
    } catch (e) {
      fail(e);
    }
  };

  // A changed duplicate rule, or a choice for a possible duplicate, changes the counts: preview again.
  useEffect(() => {
    if (step === STEP.preview && mapping) void runPreview(mapping, STEP.preview);
  }, [state.onDuplicate, state.pairChoices]); // eslint-disable-line react-hooks/exhaustive-deps

  const commit = async () => {
    dispatch({ type: "workStarted" });
    try {
      dispatch({ type: "committed", summary: await api.commitImport(importRequest(state, mapping), onProgress) });
      onChanged();
    } catch (e) {
      fail(e);
    }
  };

  const saveErrors = async () => {
    const base = (inspection?.file_name ?? t("fileImportDefault")).replace(/\.[^.]+$/, "");
    const out = await dialogs.save({
      title: t("importErrorsSave"), defaultPath: t("fileImportErrors", { base }),
      filters: [{ name: "Excel", extensions: ["xlsx"] }],
    });
    if (typeof out !== "string") return;
    try {
      const n = await api.writeImportErrors(importRequest(state, mapping), out);
      message.success(t("importErrorsSaved", { n, path: out }));
    } catch (e) {
      message.error(asApiError(e).message);
    }
  };

  const reset = () => dispatch({ type: "reset" });
  // A survey sheet (the third kind) is read by its own dialog, not the column steps.
  const [surveyFile, setSurveyFile] = useState<string | null>(null);

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle" data-testid="import-page">
      <Steps
        size="small"
        current={step}
        status={step === STEP.result && summary ? "finish" : undefined}
        items={[t("importStepFile"), t("importStepSheet"), t("importStepColumns"), t("importStepPreview"), t("importStepResult")].map((title) => ({ title }))}
      />
      {state.error && <Alert type="error" showIcon message={state.error} data-testid="import-error" closable onClose={() => dispatch({ type: "errorClosed" })} />}
      {busy && <ProgressCard progress={state.progress} onCancel={() => void api.cancelImport()} />}

      <SurveyImport
        open={surveyFile != null}
        path={surveyFile}
        sheet={state.sheet}
        onDone={(done) => {
          setSurveyFile(null);
          if (done) {
            onChanged();
            reset();
          }
        }}
      />
      {step === STEP.file && (
        <FileStep onPick={() => void pick()} onOpen={(path) => void inspect(path)} onExportTemplate={onExportTemplate} />
      )}
      {step === STEP.sheet && inspection && (
        <SheetStep
          inspection={inspection} sheet={state.sheet} kind={state.kind} busy={busy}
          onSheet={(sheet) => dispatch({ type: "sheetChosen", sheet })}
          onKind={(kind) => dispatch({ type: "kindChosen", kind })}
          onBack={reset}
          onNext={() => (state.kind === "surveys" ? setSurveyFile(inspection.path) : void runPreview(null, STEP.columns))}
        />
      )}
      {step === STEP.columns && mapping && preview && (
        <ColumnsStep
          mapping={mapping} preview={preview} targets={state.targets} busy={busy}
          onTarget={(col, target) => dispatch({ type: "targetChosen", col, target })}
          onConfirm={(col) => dispatch({ type: "guessConfirmed", col })}
          onBack={() => dispatch({ type: "back", step: STEP.sheet })}
          onNext={() => void runPreview(mapping, STEP.preview)}
        />
      )}
      {step === STEP.preview && preview && (
        <PreviewStep
          preview={preview} onDuplicate={state.onDuplicate} skipBadRows={state.skipBadRows} busy={busy}
          onDuplicateRule={(onDuplicate) => dispatch({ type: "duplicateRuleChosen", onDuplicate })}
          onPair={(row, choice) => dispatch({ type: "pairChosen", row, choice })}
          onBadRowRule={(skipBadRows) => dispatch({ type: "badRowRuleChosen", skipBadRows })}
          onSaveErrors={() => void saveErrors()}
          onBack={() => dispatch({ type: "back", step: STEP.columns })}
          onCommit={() => void commit()}
        />
      )}
      {step === STEP.result && summary && (
        <ResultStep summary={summary} onSaveErrors={() => void saveErrors()} onOpenCustomers={onOpenCustomers} onAnother={reset} />
      )}
      {step === STEP.file && !busy && !state.error && <Empty description={t("importEmptyHint")} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
    </Space>
  );
}
