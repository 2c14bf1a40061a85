/** The "More…" menu of a distribution card: split off from the start bundle (Fluent's menu and its positioning). */
import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';

export interface MenuAction {
  label: string;
  run: () => void;
  disabled?: boolean;
}

/** `defaultOpen`: the user clicked the stand-in button before this code had arrived. */
export function DistroMoreMenu({ distro, actions, defaultOpen = false }: { distro: string; actions: MenuAction[]; defaultOpen?: boolean }) {
  return (
    <Menu defaultOpen={defaultOpen}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" aria-label={`More actions for ${distro}`}>
          More…
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {actions.map((action) => (
            <MenuItem key={action.label} disabled={action.disabled} onClick={action.run}>
              {action.label}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
