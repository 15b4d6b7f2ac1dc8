import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ProblemBar } from './ProblemBar';

/**
 * A question asked before something is done: its title, what will happen (`children`, as the
 * page words it), a primary button that says what it does, disabled while that is under way, and
 * one that keeps things as they are. Escape, the backdrop (unless `alert`) and the keep button all
 * call `onDismiss`; the page closes it when its mutation settles. `error`, when given, shows in the
 * dialog beneath what will happen. `alert` makes it an alert dialog (role alertdialog), which the
 * backdrop does not dismiss. `open` (default true) lets a page that keeps it mounted close it.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  keepLabel,
  pending,
  error,
  alert = false,
  open = true,
  onConfirm,
  onDismiss,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  keepLabel: string;
  pending: boolean;
  error?: unknown;
  alert?: boolean;
  open?: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
}) {
  return (
    <Dialog open={open} modalType={alert ? 'alert' : 'modal'} onOpenChange={(_e, d) => !d.open && onDismiss()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {children}
            <ProblemBar error={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={pending} onClick={onConfirm}>
              {confirmLabel}
            </Button>
            <Button onClick={onDismiss}>{keepLabel}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
