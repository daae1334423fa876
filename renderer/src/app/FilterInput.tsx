import type { RefObject } from 'react';

/** The top bar's filter box; each view feeds it its own text and counts. */
export function FilterInput({
  inputRef,
  label,
  placeholder,
  value,
  shown,
  total,
  onChange,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  /** What is filtered, for screen readers: "Filter services". */
  label: string;
  placeholder: string;
  value: string;
  shown: number;
  total: number;
  onChange: (text: string) => void;
}) {
  return (
    <label className="filter-box">
      <span className="visually-hidden">{label}</span>
      <input
        ref={inputRef}
        type="search"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
      {value.trim() !== '' && (
        <span className="filter-count mono" role="status">
          {shown} of {total}
        </span>
      )}
    </label>
  );
}
