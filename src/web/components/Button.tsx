import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  variant?: 'primary' | 'secondary' | 'tertiary';
  small?: boolean;
}

/** A KERN button; type="button" unless said otherwise, so it never submits by accident. */
export function Button({ variant = 'primary', small, type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={`kern-btn kern-btn--${variant}${small ? ' kern-btn--x-small' : ''}`}
    >
      <span className="kern-label">{children}</span>
    </button>
  );
}
