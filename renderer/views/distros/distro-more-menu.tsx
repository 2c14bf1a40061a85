/** The "More…" menu of a distribution card: split off from the start bundle (Fluent's menu and its positioning). */
import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';

export interface MenuAction {
  label: string;
  run: () => void;
  disabled?: boolean;
}

export function DistroMoreMenu({ distro, actions }: { distro: string; actions: MenuAction[] }) {
  return (
    <Menu>
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
