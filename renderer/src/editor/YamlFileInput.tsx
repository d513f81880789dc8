/** A button that reads a YAML file from disk into an editor (nothing is saved until the page's Save). */
export function YamlFileInput({ onText, label = 'Import YAML file' }: { onText(text: string): void; label?: string }) {
  return (
    <label className="button">
      {label}
      <input
        type="file"
        accept=".yaml,.yml,.json"
        className="visually-hidden"
        onChange={async (e) => {
          const file = e.target.files?.[0]
          if (file) onText(await file.text())
          e.target.value = '' // the same file again is a new import
        }}
      />
    </label>
  )
}
